package io.vigie.gate;

import io.vigie.config.ApprovalConfig;
import io.vigie.evidence.ChainWitness;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.JournalAudit;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Windows for a gate that runs apart from the daemon ({@code vigie gate}): the daemon's window
 * journal, read again whenever its size or modification time changes. A journal that cannot be read
 * keeps the last good snapshot, and the failure is logged once until it reads again. {@link #get}
 * only returns the last snapshot (it runs on event loops); {@link #refresh} does the file I/O, on a
 * thread of its own.
 *
 * <pre>{@code
 * JournalWindows windows = new JournalWindows(Path.of("/var/lib/vigie/windows.jsonl"), site.approval(), clock,
 *     Path.of("/var/lib/vigie/evidence.db"), notices);
 * scheduler.scheduleWithFixedDelay(windows::refresh, 250, 250, TimeUnit.MILLISECONDS);
 * }</pre>
 */
public final class JournalWindows implements Supplier<WindowSet> {
  private static final System.Logger LOG = System.getLogger(JournalWindows.class.getName());

  private final Path file;
  private final ApprovalConfig approval;
  private final Clock clock;
  private final Path evidence;
  private final NoticeSink notices;
  private final Set<String> reported = new HashSet<>();
  private String seen = "";
  private volatile WindowSet current = WindowSet.EMPTY;
  private boolean failing;

  /** Rules only, no chain: for tests of the journal following alone. */
  JournalWindows(Path file, ApprovalConfig approval, Clock clock) throws IOException {
    this(file, approval, clock, null, NoticeSink.NONE);
  }

  /**
   * @param evidence the daemon's evidence store: every journal line must be in its chain, or its
   *     window stays closed and a critical {@code journal_tampered} notice goes to {@code notices}
   *     (once per line); a store that cannot be read fails closed like the journal
   */
  public JournalWindows(
      Path file, ApprovalConfig approval, Clock clock, Path evidence, NoticeSink notices)
      throws IOException {
    this.file = file;
    this.approval = approval;
    this.clock = clock;
    this.evidence = evidence;
    this.notices = notices;
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
        LOG.log(
            System.Logger.Level.ERROR,
            "gate: window journal {0} unreadable, no window is active until it reads"
                + " again: {1}",
            file,
            e.getMessage());
      }
      failing = true;
    }
  }

  private void reload(String stamp) throws IOException {
    // The chain is read after the journal's stamp: the daemon commits a step before journalling
    // it, so a line seen here is already in the chain.
    ChainWitness witness =
        evidence == null ? null : ChainWitness.read(evidence, Set.of("window_event"));
    Predicate<EvidenceRecord> chain = witness == null ? r -> true : witness::holds;
    JournaledWindowService service =
        new JournaledWindowService(
            approval,
            new JsonLinesWindowJournal(file),
            EvidenceSink.NONE,
            chain,
            witness == null ? List.of() : witness.records(),
            clock);
    for (JournalAudit.Refusal r : service.refused()) {
      if (reported.add(r.window() + ":" + r.line())) {
        LOG.log(
            System.Logger.Level.ERROR,
            "gate: {0} line {1} refused, window {2} stays closed: {3}",
            file,
            r.line(),
            r.window(),
            r.why());
        notices.onNotice(r.notice(Window.nanosOf(clock.instant()), file.toString()));
      }
    }
    current = service.snapshot();
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
