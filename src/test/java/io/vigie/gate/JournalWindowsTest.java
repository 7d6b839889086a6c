package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.config.ApprovalConfig;
import io.vigie.net.App;
import io.vigie.policy.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gate running apart from the daemon follows the daemon's window journal. */
class JournalWindowsTest {
  @TempDir Path dir;

  @Test
  void followsTheJournalAndFailsClosedWhileItCannotBeRead() throws Exception {
    Path journal = dir.resolve("windows.jsonl");
    JournalWindows windows =
        new JournalWindows(journal, ApprovalConfig.DEFAULTS, java.time.Clock.systemUTC());
    assertEquals(0, windows.get().size(), "no journal yet: no windows");
    Fixture daemon = new Fixture(dir); // writes the same journal
    Window w = daemon.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    windows.refresh();
    assertEquals(w.id(), windows.get().all().get(0).id());
    assertEquals(w.approvedAt(), windows.get().all().get(0).approvedAt());
    daemon.revoke(w.id());
    windows.refresh();
    assertEquals(w.id(), windows.get().all().get(0).id());
    assertEquals(
        true, windows.get().all().get(0).revokedAt().isPresent(), "the revocation is seen");
    String good = Files.readString(journal);
    Files.writeString(journal, "{broken\n", java.nio.file.StandardOpenOption.APPEND);
    windows.refresh();
    assertEquals(0, windows.get().size(), "a damaged journal fails closed: no window is active");
    Files.writeString(journal, good);
    windows.refresh();
    assertEquals(w.id(), windows.get().all().get(0).id(), "read again once repaired");
  }
}
