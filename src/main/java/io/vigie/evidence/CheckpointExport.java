package io.vigie.evidence;

import io.vigie.output.ExportSink;
import io.vigie.output.Exported;
import io.vigie.output.RecordJson;
import io.vigie.output.SiteStamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each signed checkpoint as an exported record (Kafka's {@code <prefix>.checkpoints}), so that the
 * chain head of every site is held outside the site:
 *
 * <pre>
 * {"type":"checkpoint","ts":...,"subject":null,"checkpoint_hash":...,"checkpoint_id":41,
 *  "head_hash":...,"head_id":40,"key":...,"signature":...,"site":"nice-est"}
 * </pre>
 *
 * Keyed by {@code <site>/<checkpoint id>} (the id alone without a site name). Called on the
 * evidence writer thread; the sink only queues.
 */
final class CheckpointExport {
  private final SiteStamp site;
  private final ExportSink sink;
  private final RecordJson json;

  CheckpointExport(SiteStamp site, ExportSink sink) {
    this.site = site;
    this.sink = sink;
    this.json = new RecordJson(site);
  }

  void send(Anchor a, String signature) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("checkpoint_id", a.checkpointId());
    f.put("checkpoint_hash", a.checkpointHash());
    f.put("head_id", a.headId());
    f.put("head_hash", a.headHash());
    f.put("key", a.key());
    f.put("signature", signature);
    String key = (site.present() ? site.name() + "/" : "") + a.checkpointId();
    long ts = a.time().getEpochSecond() * 1_000_000_000L + a.time().getNano();
    sink.export(json.fact(Exported.Stream.CHECKPOINTS, key, "checkpoint", ts, null, f));
  }
}
