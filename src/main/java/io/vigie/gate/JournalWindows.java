package io.vigie.gate;

import io.vigie.config.ApprovalConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.policy.WindowSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Windows for a gate that runs apart from the daemon ({@code vigie gate}): the daemon's window
 * journal, read again whenever its size or modification time changes. A journal that cannot be
 * read keeps the last good snapshot, and the failure is logged once until it reads again.
 * {@link #get} only returns the last snapshot (it runs on event loops); {@link #refresh} does the
 * file I/O, on a thread of its own.
 *
 * <pre>{@code
 * JournalWindows windows = new JournalWindows(Path.of("/var/lib/vigie/windows.jsonl"), site.approval(), clock);
 * scheduler.scheduleWithFixedDelay(windows::refresh, 250, 250, TimeUnit.MILLISECONDS);
 * }</pre>
 */
public final class JournalWindows implements Supplier<WindowSet> {
  private static final System.Logger LOG = System.getLogger(JournalWindows.class.getName());

  private final Path file;
  private final ApprovalConfig approval;
  private final Clock clock;
  private String seen = "";
  private volatile WindowSet current = WindowSet.EMPTY;
  private boolean failing;

  public JournalWindows(Path file, ApprovalConfig approval, Clock clock) throws IOException {
    this.file = file;
    this.approval = approval;
    this.clock = clock;
    reload(stamp());
  }

  @Override
  public WindowSet get() {
    return current;
  }

  /** Reads the journal again if it changed; never throws (a scheduled task must not die). */
  public synchronized void refresh() {
    try {
      String stamp = stamp();
      if (!stamp.equals(seen)) {
        reload(stamp);
      }
      failing = false;
    } catch (IOException | RuntimeException e) {
      // Fail closed: the last windows read may have been revoked since, and the gate must not
      // keep a revoked vendor connected because the journal could not be read.
      current = WindowSet.EMPTY;
      seen = "";
      if (!failing) {
        LOG.log(System.Logger.Level.ERROR, "gate: window journal {0} unreadable, no window is active until it reads"
            + " again: {1}", file, e.getMessage());
      }
      failing = true;
    }
  }

  private void reload(String stamp) throws IOException {
    current = new JournaledWindowService(approval, new JsonLinesWindowJournal(file), EvidenceSink.NONE, clock).snapshot();
    seen = stamp;
  }

  private String stamp() throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + "/" + a.lastModifiedTime().toMillis();
    } catch (NoSuchFileException e) {
      return "absent";
    }
  }
}
