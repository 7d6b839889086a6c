package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.NoticeSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A vigie writer process for the crash test: appends records in a loop and, after each flush,
 * prints {@code committed N} meaning records 0..N-1 are committed. It never exits by itself; the
 * test kills it with SIGKILL.
 *
 * <pre>java -cp ... io.vigie.evidence.BurstMain DB</pre>
 */
public final class BurstMain {
  private BurstMain() {}

  public static void main(String[] args) throws Exception {
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 500, 3600, 256, 4096, null, null, null);
    EvidenceStore store =
        EvidenceStore.open(
            Path.of(args[0]), cfg, Clock.systemUTC(), NoticeSink.NONE, EvidenceMetrics.NONE);
    long seq = 0;
    while (true) {
      for (int i = 0; i < 200; i++, seq++) {
        store.append(
            new EvidenceRecord(
                "burst", TestStores.T0 + seq, "burst", Map.of("seq", seq, "pad", "x".repeat(200))));
      }
      store.flush();
      System.out.println("committed " + seq);
      System.out.flush();
      // Keep appending without flushing, so the kill lands in the middle of a burst.
      for (int i = 0; i < 300; i++, seq++) {
        store.append(
            new EvidenceRecord(
                "burst", TestStores.T0 + seq, "burst", Map.of("seq", seq, "pad", "y".repeat(200))));
      }
    }
  }
}
