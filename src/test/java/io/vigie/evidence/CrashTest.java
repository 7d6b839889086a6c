package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.EvidenceConfig;
import io.vigie.notice.NoticeSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real vigie writer process killed with SIGKILL mid-burst loses nothing it reported committed.
 */
class CrashTest {
  @TempDir Path dir;

  @Test
  void sigkillMidBurstLosesNoCommittedRecord() throws Exception {
    Path db = dir.resolve("crash.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BurstMain.class.getName(),
                db.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long committed = 0;
    int reports = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // Each line is read as soon as it is printed; no sleeping.
      while (reports < 8 && (line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          committed = Long.parseLong(line.substring(10));
          reports++;
        }
      }
    } finally {
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the writer process did not die");
    }
    assertEquals(8, reports, "the writer process reported commits before dying");
    assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");

    // Every committed record is there, in order, without a gap.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), min(json_extract(fields, '$.seq')),"
                    + " max(json_extract(fields, '$.seq')) FROM record WHERE kind = 'burst'")) {
      rs.next();
      long n = rs.getLong(1);
      assertTrue(n >= committed, n + " burst records stored, " + committed + " reported committed");
      assertEquals(0, rs.getLong(2));
      assertEquals(n - 1, rs.getLong(3), "no gap in the sequence");
    }
    // The killed process never closed the store: its tail may be unsigned, the chain is sound.
    assertTrue(StoreVerifier.verify(db, new VerifyOptions(null, null, true, null)).intact());

    // Restarting signs what the crash left unsigned and says so in the chain.
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store =
        EvidenceStore.open(db, EvidenceConfig.DEFAULTS, Clock.systemUTC(), NoticeSink.NONE, rec)) {
      store.flush();
    }
    assertEquals(Boolean.TRUE, rec.chainIntact);
    VerifyResult r = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(r.intact(), () -> String.valueOf(r.finding()));
    assertTrue(TestStores.count(db, "kind = 'burst'") >= committed);
  }
}
