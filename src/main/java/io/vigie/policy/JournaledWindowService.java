package io.vigie.policy;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.SiteConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@link WindowService} that enforces the site's {@link ApprovalConfig}, journals every step and
 * writes it as evidence. On construction it rebuilds the windows from the journal.
 *
 * <pre>{@code
 * WindowService windows = new JournaledWindowService(site.approval(),
 *     new JsonLinesWindowJournal(dataDir.resolve("windows.jsonl")), evidenceStore, Clock.systemUTC());
 * }</pre>
 *
 * <p>Time: each step takes the clock's instant, but never one earlier than the previous step's
 * (also across restarts, from the journal), so that a clock set backwards cannot reorder a window's
 * history; such jumps are counted ({@link #clockBackwardJumps()}).
 *
 * <p>Ids are {@code W-<yyyymmdd>-<nnn>}: the UTC date of the request and a sequence number.
 */
public final class JournaledWindowService implements WindowService {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final ApprovalConfig config;

  /** Inventory device names a scope may use; null when not checked. */
  /** Replaced whole at a config reload; read by request validation on any thread. */
  private volatile Set<String> knownDevices;

  /**
   * Token (actor) name → person; a name absent from it is its own person. Replaced whole at a
   * reload.
   */
  private volatile Map<String, String> personByName = Map.of();

  private final Quorum quorum;
  private final WindowJournal journal;
  private final EvidenceSink evidence;
  private final Clock clock;
  private final TreeMap<String, Window> windows = new TreeMap<>();
  private final AtomicLong backwardJumps = new AtomicLong();
  private Instant last = Instant.EPOCH;
  private volatile WindowSet snapshot = WindowSet.EMPTY;
  private final List<JournalAudit.Refusal> refused;

  /**
   * @throws IOException when the journal cannot be read or holds a step that does not fit (unknown
   *     window, event before its request)
   */
  public JournaledWindowService(
      ApprovalConfig config, WindowJournal journal, EvidenceSink evidence, Clock clock)
      throws IOException {
    this(config, null, journal, evidence, r -> true, List.of(), clock);
  }

  /**
   * A service whose journal is checked against the evidence chain at construction ({@code chain}
   * says whether the chain holds a record): a line the chain lacks, or one against the quorum
   * rules, is refused ({@link #refused()}) and its window stays closed.
   */
  public JournaledWindowService(
      ApprovalConfig config,
      WindowJournal journal,
      EvidenceSink evidence,
      Predicate<EvidenceRecord> chain,
      Clock clock)
      throws IOException {
    this(config, null, journal, evidence, chain, List.of(), clock);
  }

  /**
   * As above, and {@code chainEvents} (the chain's {@code window_event} records): a step the chain
   * holds that the journal lacks (a revocation deleted from it) closes its window as well.
   */
  public JournaledWindowService(
      ApprovalConfig config,
      WindowJournal journal,
      EvidenceSink evidence,
      Predicate<EvidenceRecord> chain,
      List<EvidenceRecord> chainEvents,
      Clock clock)
      throws IOException {
    this(config, null, journal, evidence, chain, chainEvents, clock);
  }

  /**
   * The service for a site: its approval section, and its inventory so that a request naming a
   * device the site does not have is refused ({@code INVALID}, field {@code scope.devices}) instead
   * of giving a window that can never match.
   *
   * <pre>{@code
   * WindowService windows = JournaledWindowService.forSite(site, journal, evidenceStore, Clock.systemUTC());
   * }</pre>
   */
  public static JournaledWindowService forSite(
      SiteConfig site, WindowJournal journal, EvidenceSink evidence, Clock clock)
      throws IOException {
    return forSite(site, journal, evidence, r -> true, List.of(), clock);
  }

  /** As above, with the journal checked against the evidence chain (see {@link JournalAudit}). */
  public static JournaledWindowService forSite(
      SiteConfig site,
      WindowJournal journal,
      EvidenceSink evidence,
      Predicate<EvidenceRecord> chain,
      List<EvidenceRecord> chainEvents,
      Clock clock)
      throws IOException {
    Set<String> names = new HashSet<>();
    site.devices().forEach(d -> names.add(d.name()));
    JournaledWindowService s =
        new JournaledWindowService(
            site.approval(), names, journal, evidence, chain, chainEvents, clock);
    if (site.api() != null) {
      s.persons(site.api().personByToken());
    }
    return s;
  }

  /**
   * Who is who: the person behind each actor name (the API's tokens, later directory users). A
   * person counts once in a quorum whatever the number of their names, may not approve or reject
   * what they requested, and their pending requests are budgeted together.
   */
  public void persons(Map<String, String> byName) {
    personByName = Map.copyOf(byName);
  }

  private String personOf(String who) {
    return personByName.getOrDefault(who, who);
  }

  /**
   * The site's devices after a config reload, so that requests name the devices the rest of the
   * daemon now knows (a reload applies whole, or it is not a reload).
   */
  public void siteDevices(SiteConfig site) {
    Set<String> names = new HashSet<>();
    site.devices().forEach(d -> names.add(d.name()));
    knownDevices = Set.copyOf(names);
    if (site.api() != null) {
      persons(site.api().personByToken());
    }
  }

  private JournaledWindowService(
      ApprovalConfig config,
      Set<String> knownDevices,
      WindowJournal journal,
      EvidenceSink evidence,
      Predicate<EvidenceRecord> chain,
      List<EvidenceRecord> chainEvents,
      Clock clock)
      throws IOException {
    this.knownDevices = knownDevices == null ? null : Set.copyOf(knownDevices);
    this.config = config;
    this.quorum = new Quorum(config);
    this.journal = journal;
    this.evidence = evidence;
    this.clock = clock;
    List<JournalEntry> all = journal.readAll();
    JournalAudit.Result audit = JournalAudit.check(config, all, chain, chainEvents);
    for (JournalEntry e : audit.accepted()) {
      WindowEvent ev = e.event();
      windows.put(
          ev.window(),
          e.terms() != null
              ? new Window(ev.window(), e.terms(), List.of(ev))
              : windows.get(ev.window()).with(ev));
    }
    for (JournalAudit.Refusal r : audit.refused()) {
      Window w = windows.get(r.window());
      if (w == null && r.line() == 0) {
        continue; // the chain has a step of a window the journal never had: nothing here to open
      }
      if (w == null) {
        // The request itself was refused: the window is kept, closed, under the terms its line
        // claimed, so that its id is not given again and the refusal stays visible.
        JournalEntry req = all.get(r.line() - 1);
        if (req.terms() == null) {
          continue; // a step for a window that was never requested: nothing to close
        }
        w = new Window(r.window(), req.terms(), List.of(req.event()));
      }
      windows.put(w.id(), w.with(JournalAudit.closing(w.id(), w.terms().requestedAt(), r)));
    }
    for (JournalEntry e : all) {
      if (e.event().at().isAfter(last)) {
        last = e.event().at();
      }
    }
    refused = audit.refused();
    snapshot = WindowSet.of(windows.values());
  }

  /** Journal lines refused at construction (each closes its window); empty when all were sound. */
  public List<JournalAudit.Refusal> refused() {
    return refused;
  }

  /** How many times the clock was found earlier than the previous step. */
  public long clockBackwardJumps() {
    return backwardJumps.get();
  }

  @Override
  public synchronized Window request(WindowRequest r, Actor requester) throws PolicyException {
    Instant now = now();
    if (!config.requesterRoles().isEmpty()
        && requester.roles().stream().noneMatch(config.requesterRoles()::contains)) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          requester.who()
              + " may not request a window (needs one of the roles "
              + config.requesterRoles()
              + ")");
    }
    validate(r, now);
    refuseOverBudget(requester, now);
    Instant start = r.start() == null ? now : r.start();
    WindowTerms terms =
        new WindowTerms(
            requester.who(),
            now,
            r.reason().strip(),
            r.ticket().strip(),
            r.scope(),
            start,
            r.end(),
            r.expectedChanges(),
            start.plus(Duration.ofMinutes(config.lapseAfterMinutes())),
            config.durationFromApproval());
    String id = nextId(now);
    WindowEvent ev =
        new WindowEvent(
            id,
            WindowEvent.Type.REQUESTED,
            now,
            requester.who(),
            List.copyOf(requester.roles()),
            terms.reason());
    Window w = new Window(id, terms, List.of(ev));
    append(new JournalEntry(ev, terms));
    return store(w, now);
  }

  @Override
  public synchronized List<Waiting> waitingFor(Window w) {
    if (w.stateAt(now()) != WindowState.REQUESTED) {
      return List.of();
    }
    List<List<String>> roles = new ArrayList<>();
    java.util.Set<String> persons = new java.util.HashSet<>();
    for (WindowEvent a : w.approvals()) {
      // One person, one seat, however many of their names approved.
      if (persons.add(personOf(a.who()))) {
        roles.add(a.roles());
      }
    }
    Map<String, Integer> missing = new java.util.LinkedHashMap<>();
    for (String r : quorum.stillNeeded(roles)) {
      missing.merge(r, 1, Integer::sum);
    }
    List<Waiting> out = new ArrayList<>();
    for (ApprovalConfig.QuorumRule q : config.quorum()) {
      Integer m = missing.get(q.role());
      if (m != null) {
        out.add(new Waiting(q.role(), m, q.count()));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized boolean approvedBy(Window w, String who) {
    String person = personOf(who);
    return w.approvals().stream().anyMatch(a -> personOf(a.who()).equals(person));
  }

  @Override
  public synchronized Window approve(String id, Actor approver, String reason)
      throws PolicyException {
    Instant now = now();
    Window w = find(id);
    WindowState s = w.stateAt(now);
    if (s != WindowState.REQUESTED) {
      throw conflict(w, s, "approved");
    }
    refuseSelf(w, approver, "approve");
    String person = personOf(approver.who());
    for (WindowEvent a : w.approvals()) {
      if (personOf(a.who()).equals(person)) {
        throw new PolicyException(
            PolicyException.Kind.CONFLICT,
            null,
            a.who().equals(approver.who())
                ? approver.who() + " has already approved window " + id
                : approver.who()
                    + " is the person "
                    + person
                    + ", who has already approved window "
                    + id
                    + " as "
                    + a.who());
      }
    }
    List<List<String>> roles = new ArrayList<>();
    for (WindowEvent a : w.approvals()) {
      roles.add(a.roles());
    }
    List<String> needed = quorum.stillNeeded(roles);
    int before = quorum.seatsFilled(roles);
    roles.add(List.copyOf(approver.roles()));
    if (quorum.seatsFilled(roles) == before) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          approver.who()
              + " holds none of the roles still needed "
              + needed
              + " to approve window "
              + id);
    }
    refuseOutsideHours(approver, now);
    WindowEvent vote =
        new WindowEvent(
            id,
            WindowEvent.Type.APPROVAL,
            now,
            approver.who(),
            List.copyOf(approver.roles()),
            reason);
    w = record(w, vote);
    if (quorum.filled(roles)) {
      List<String> who = new ArrayList<>();
      w.approvals().forEach(a -> who.add(a.who()));
      w =
          record(
              w,
              new WindowEvent(
                  id,
                  WindowEvent.Type.APPROVED,
                  now,
                  approver.who(),
                  List.copyOf(approver.roles()),
                  "quorum complete: " + String.join(", ", who)));
    }
    return store(w, now);
  }

  @Override
  public synchronized Window reject(String id, Actor approver, String reason)
      throws PolicyException {
    Instant now = now();
    Window w = find(id);
    requireReason(reason);
    WindowState s = w.stateAt(now);
    if (s != WindowState.REQUESTED) {
      throw conflict(w, s, "rejected");
    }
    refuseSelf(w, approver, "reject");
    if (!quorum.isApproverRole(approver.roles())) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          approver.who() + " holds none of the approver roles " + config.quorumRoles());
    }
    w =
        record(
            w,
            new WindowEvent(
                id,
                WindowEvent.Type.REJECTED,
                now,
                approver.who(),
                List.copyOf(approver.roles()),
                reason));
    return store(w, now);
  }

  @Override
  public synchronized Window revoke(String id, Actor actor, String reason) throws PolicyException {
    Instant now = now();
    Window w = find(id);
    requireReason(reason);
    WindowState s = w.stateAt(now);
    if (s.isFinal()) {
      throw new PolicyException(
          PolicyException.Kind.CONFLICT, null, "window " + id + " is already " + s.wireName());
    }
    if (!quorum.isApproverRole(actor.roles())
        && !personOf(actor.who()).equals(personOf(w.terms().requester()))) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          actor.who()
              + " may not revoke window "
              + id
              + " (needs one of the roles "
              + config.quorumRoles()
              + ", or be its requester)");
    }
    w =
        record(
            w,
            new WindowEvent(
                id,
                WindowEvent.Type.REVOKED,
                now,
                actor.who(),
                List.copyOf(actor.roles()),
                reason));
    return store(w, now);
  }

  @Override
  public synchronized List<Window> list() {
    return List.copyOf(windows.values());
  }

  @Override
  public synchronized Optional<Window> get(String id) {
    return Optional.ofNullable(windows.get(id));
  }

  @Override
  public WindowSet snapshot() {
    return snapshot;
  }

  private Instant now() {
    Instant t = clock.instant();
    if (t.isBefore(last)) {
      backwardJumps.incrementAndGet();
      return last;
    }
    return t;
  }

  private Window store(Window w, Instant now) {
    windows.put(w.id(), w);
    last = now;
    snapshot = WindowSet.of(windows.values());
    return w;
  }

  private Window record(Window w, WindowEvent ev) {
    append(new JournalEntry(ev, null));
    return w.with(ev);
  }

  /**
   * Evidence first, then the journal: a gate reading the journal from another process finds the
   * step in the chain as soon as it sees the line (the daemon's sink commits before returning).
   */
  private void append(JournalEntry e) {
    evidence.append(WindowEvidence.of(e));
    journal.append(e);
  }

  private Window find(String id) throws PolicyException {
    Window w = id == null ? null : windows.get(id);
    if (w == null) {
      throw new PolicyException(PolicyException.Kind.NOT_FOUND, "id", "no window " + id);
    }
    return w;
  }

  private String nextId(Instant now) {
    String prefix = "W-" + LocalDateTime.ofInstant(now, ZoneOffset.UTC).format(DAY) + "-";
    int n = windows.subMap(prefix, prefix + Character.MAX_VALUE).size() + 1;
    String id;
    do {
      id = prefix + String.format("%03d", n++);
    } while (windows.containsKey(id));
    return id;
  }

  private void validate(WindowRequest r, Instant now) throws PolicyException {
    if (r.reason() == null || r.reason().isBlank()) {
      throw PolicyException.invalid("reason", "required");
    }
    if (r.reason().length() > config.maxReasonChars()) {
      throw PolicyException.invalid(
          "reason",
          r.reason().length()
              + " characters, more than max_reason_chars "
              + config.maxReasonChars());
    }
    if (r.ticket() == null || r.ticket().isBlank()) {
      throw PolicyException.invalid("ticket", "required");
    }
    if (r.ticket().length() > config.maxTicketChars()) {
      throw PolicyException.invalid(
          "ticket",
          r.ticket().length()
              + " characters, more than max_ticket_chars "
              + config.maxTicketChars());
    }
    if (r.scope() == null) {
      throw PolicyException.invalid("scope", "required");
    }
    r.scope().validate();
    if (knownDevices != null) {
      for (String d : r.scope().devices()) {
        if (!knownDevices.contains(d)) {
          throw PolicyException.invalid("scope.devices", "'" + d + "' is not a device of the site");
        }
      }
    }
    Instant start = r.start() == null ? now : r.start();
    if (start.isBefore(now)) {
      throw PolicyException.invalid(
          "start", start + " is in the past (now " + now + "); leave it out to start now");
    }
    Instant latest = now.plus(Duration.ofDays(config.maxStartAheadDays()));
    if (start.isAfter(latest)) {
      throw PolicyException.invalid(
          "start",
          start
              + " is more than max_start_ahead_days "
              + config.maxStartAheadDays()
              + " ahead (latest "
              + latest
              + ")");
    }
    if (r.end() == null) {
      throw PolicyException.invalid("end", "required");
    }
    if (!r.end().isAfter(start)) {
      throw PolicyException.invalid("end", r.end() + " is not after the start " + start);
    }
    Duration length = Duration.between(start, r.end());
    if (length.compareTo(Duration.ofMinutes(config.maxWindowMinutes())) > 0) {
      throw PolicyException.invalid(
          "end",
          "the window would last "
              + length.toMinutes()
              + " min, more than max_window_minutes "
              + config.maxWindowMinutes());
    }
    for (int i = 0; i < r.expectedChanges().size(); i++) {
      r.expectedChanges().get(i).validate(i);
    }
  }

  private void refuseSelf(Window w, Actor a, String verb) throws PolicyException {
    String requester = w.terms().requester();
    if (personOf(a.who()).equals(personOf(requester))) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          a.who().equals(requester)
              ? a.who() + " requested window " + w.id() + " and may not " + verb + " it"
              : a.who()
                  + " is the person "
                  + personOf(a.who())
                  + " who requested window "
                  + w.id()
                  + " (as "
                  + requester
                  + ") and may not "
                  + verb
                  + " it");
    }
  }

  /**
   * A requester's windows waiting for a decision are capped per person, so that requests that are
   * never decided cannot pile up in memory, in the journal and on the approvers' page.
   */
  private void refuseOverBudget(Actor requester, Instant now) throws PolicyException {
    String person = personOf(requester.who());
    int pending = 0;
    for (Window w : windows.values()) {
      if (w.stateAt(now) == WindowState.REQUESTED
          && personOf(w.terms().requester()).equals(person)) {
        pending++;
      }
    }
    if (pending >= config.maxPendingPerRequester()) {
      throw new PolicyException(
          PolicyException.Kind.TOO_MANY,
          "requester",
          "requester: "
              + person
              + " already has "
              + pending
              + " windows waiting for a decision, the most max_pending_per_requester allows; withdraw one first");
    }
  }

  private void refuseOutsideHours(Actor a, Instant now) throws PolicyException {
    ApprovalConfig.ApproverHours h = config.approverHours();
    if (h == null) {
      return;
    }
    LocalDateTime local = LocalDateTime.ofInstant(now, h.zoneId());
    int minute = local.getHour() * 60 + local.getMinute();
    if (!h.dayOfWeekSet().contains(local.getDayOfWeek())
        || minute < h.fromMinute()
        || minute >= h.toMinute()) {
      throw new PolicyException(
          PolicyException.Kind.FORBIDDEN,
          "roles",
          a.who()
              + " may not approve at "
              + local
              + " "
              + h.zone()
              + ": approver hours are "
              + h.days()
              + " "
              + h.from()
              + "-"
              + h.to());
    }
  }

  private static void requireReason(String reason) throws PolicyException {
    if (reason == null || reason.isBlank()) {
      throw PolicyException.invalid("reason", "required");
    }
  }

  private static PolicyException conflict(Window w, WindowState s, String verb) {
    return new PolicyException(
        PolicyException.Kind.CONFLICT,
        null,
        "window " + w.id() + " is " + s.wireName() + " and cannot be " + verb);
  }
}
