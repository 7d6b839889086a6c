package io.vigie.pipeline;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.output.ExportSink;
import io.vigie.output.Exported;
import io.vigie.output.RecordJson;
import io.vigie.output.SiteStamp;
import java.util.List;

/**
 * The output that feeds the export sinks (log files, Kafka): each session and notice is spelt once,
 * with the site, and handed to every sink; window events and camera snapshots are taken from the
 * evidence facts on their way to the store ({@link #facts}).
 *
 * <pre>{@code
 * ExportOutput export = new ExportOutput(stamp, List.of(files, kafka));
 * builder.output(export);
 * EvidenceSink committed = export.facts(store);   // windows.json, cameras.json
 * }</pre>
 *
 * <p>Shared by every capture thread: spelling a record takes a lock, once per session (never per
 * packet).
 */
public final class ExportOutput implements Output {
  private final RecordJson json;
  private final ExportSink[] sinks;

  public ExportOutput(SiteStamp site, List<? extends ExportSink> sinks) {
    this.json = new RecordJson(site);
    this.sinks = sinks.toArray(new ExportSink[0]);
  }

  @Override
  public void onSession(Session session) {
    Exported e;
    synchronized (json) {
      e = json.session(session);
    }
    send(e);
  }

  @Override
  public void onNotice(Notice notice) {
    Exported e;
    synchronized (json) {
      e = json.notice(notice);
    }
    send(e);
  }

  /**
   * Passes every fact to {@code next} and exports window events ({@code windows}) and camera
   * snapshots ({@code cameras}).
   */
  public EvidenceSink facts(EvidenceSink next) {
    return r -> {
      next.append(r);
      Exported.Stream stream = streamOf(r);
      if (stream != null) {
        Exported e;
        synchronized (json) {
          e = json.fact(stream, r.subject(), r.kind(), r.tsNanos(), r.subject(), r.fields());
        }
        send(e);
      }
    };
  }

  private static Exported.Stream streamOf(EvidenceRecord r) {
    return switch (r.kind()) {
      case "window_event" -> Exported.Stream.WINDOWS;
      case "camera_snapshot" -> Exported.Stream.CAMERAS;
      default -> null;
    };
  }

  private void send(Exported e) {
    for (ExportSink s : sinks) {
      s.export(e);
    }
  }
}
