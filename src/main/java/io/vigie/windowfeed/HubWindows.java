package io.vigie.windowfeed;

import io.vigie.budget.RateLimitedLog;
import io.vigie.config.ApprovalConfig;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowSet;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The windows a sensor enforces when they come from the hub: the records of the hub's topic folded
 * into an immutable {@link WindowSet}, failing closed when the hub falls silent.
 *
 * <pre>
 *   heartbeat ─┬─ ... ─┬─ (no word from the hub) ─────────────┬──────────────►  sensor clock
 *              last    last + grace                           every hub window is cut at
 *              heard                                          last + grace (a revocation that
 *                                                             could not arrive did not open it)
 * </pre>
 *
 * <pre>{@code
 * HubWindows hub = new HubWindows(hubKey, site.approval(), Duration.ofSeconds(300), 65_536, clock, notices);
 * reader.onRecord(hub::accept);        // the Kafka thread
 * WindowSet forTheJudge = hub.get();   // any thread
 * }</pre>
 *
 * <p>The last heartbeat counts from the earlier of the hub's time in it and the sensor's time at
 * receipt, so neither a hub clock ahead nor an old heartbeat kept by compaction extends the trust.
 * Windows also end at their own end by the sensor's clock, as any window does.
 */
public final class HubWindows implements Supplier<WindowSet> {
  private static final System.Logger LOG = System.getLogger(HubWindows.class.getName());

  /** Who closes hub windows when the hub is silent. */
  static final String ACTOR = "vigie";

  private final PublicKey hubKey;
  private final ApprovalConfig approval;
  private final Duration grace;
  private final int maxBytes;
  private final Clock clock;
  private final NoticeSink notices;
  private final RateLimitedLog ignoredLog;
  private final Map<String, Window> windows = new TreeMap<>();
  private final EnumMap<WindowRecords.Refusal, AtomicLong> ignored =
      new EnumMap<>(WindowRecords.Refusal.class);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong staleEpisodes = new AtomicLong();

  private volatile WindowSet raw = WindowSet.EMPTY;
  private volatile Instant lastHeard;
  private WindowSet closedFor;
  private WindowSet cached;
  private Instant closedAt;
  private boolean stale;

  public HubWindows(
      PublicKey hubKey,
      ApprovalConfig approval,
      Duration grace,
      int maxBytes,
      Clock clock,
      NoticeSink notices) {
    this.hubKey = hubKey;
    this.approval = approval;
    this.grace = grace;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.notices = notices;
    this.ignoredLog =
        new RateLimitedLog(
            10,
            Duration.ofMinutes(1),
            System::nanoTime,
            m -> LOG.log(System.Logger.Level.WARNING, m));
    for (WindowRecords.Refusal r : WindowRecords.Refusal.values()) {
      ignored.put(r, new AtomicLong());
    }
  }

  /** One record of the topic, in offset order (the reader's thread). */
  public synchronized void accept(String key, byte[] value) {
    WindowRecords.Decoded d = WindowRecords.decode(key, value, hubKey, maxBytes, approval);
    if (d instanceof WindowRecords.Heartbeat h) {
      Instant now = clock.instant();
      Instant heard = h.at().isBefore(now) ? h.at() : now;
      if (lastHeard == null || heard.isAfter(lastHeard)) {
        lastHeard = heard;
      }
      heartbeats.incrementAndGet();
    } else if (d instanceof WindowRecords.WindowRecord w) {
      Window before = windows.get(w.window().id());
      if (before != null && before.events().size() > w.window().events().size()) {
        // Steps only ever add up: an older signed version replayed to reopen a revoked window.
        ignore(
            WindowRecords.Refusal.OLDER,
            "window "
                + before.id()
                + " with "
                + w.window().events().size()
                + " steps after one with "
                + before.events().size());
        return;
      }
      windows.put(w.window().id(), w.window());
      raw = WindowSet.of(windows.values());
      accepted.incrementAndGet();
    } else if (d instanceof WindowRecords.Ignored i) {
      ignore(i.reason(), i.detail());
    }
  }

  private void ignore(WindowRecords.Refusal reason, String detail) {
    ignored.get(reason).incrementAndGet();
    ignoredLog.log(() -> "hub windows: record ignored (" + reason.wireName() + "): " + detail);
  }

  /**
   * The windows to enforce now: the hub's, or while the hub is silent past the grace, the hub's
   * each cut at the last word heard plus the grace.
   */
  @Override
  public WindowSet get() {
    WindowSet set = raw;
    Instant heard = lastHeard;
    Instant until = heard == null ? null : heard.plus(grace);
    Instant now = clock.instant();
    if (until != null && now.isBefore(until)) {
      return set;
    }
    return closed(set, until == null ? Instant.EPOCH : until, heard);
  }

  /** Same as {@link #get()}: the name the daemon's window service uses. */
  public WindowSet snapshot() {
    return get();
  }

  /**
   * The windows as the hub published them, whatever the heartbeats say (replay judges with these).
   */
  public WindowSet published() {
    return raw;
  }

  private synchronized WindowSet closed(WindowSet set, Instant until, Instant heard) {
    if (set == closedFor && until.equals(closedAt)) {
      return cached;
    }
    String why =
        heard == null
            ? "no heartbeat from the hub yet: hub windows are closed"
            : "no heartbeat from the hub since "
                + heard
                + " (revocation_grace_seconds "
                + grace.toSeconds()
                + "): closed by the sensor";
    List<Window> out = new ArrayList<>();
    for (Window w : set.all()) {
      if (w.revokedAt().isPresent() || !w.cutoff().isAfter(until)) {
        out.add(w);
      } else {
        Instant at = until.isBefore(w.terms().requestedAt()) ? w.terms().requestedAt() : until;
        out.add(
            w.with(new WindowEvent(w.id(), WindowEvent.Type.REVOKED, at, ACTOR, List.of(), why)));
      }
    }
    cached = WindowSet.of(out);
    closedFor = set;
    closedAt = until;
    return cached;
  }

  /**
   * Says once per silence that the hub windows are closed (a {@code hub_windows_stale} notice and a
   * log line), and once that they are open again; called by the reader's loop a few times a second.
   */
  public void checkStale() {
    Instant heard = lastHeard;
    Instant now = clock.instant();
    boolean isStale = heard == null || !now.isBefore(heard.plus(grace));
    boolean tell;
    synchronized (this) {
      tell = isStale != stale;
      stale = isStale;
    }
    if (!tell) {
      return;
    }
    if (isStale) {
      staleEpisodes.incrementAndGet();
      String msg =
          heard == null
              ? "No signed heartbeat from the hub on its windows topic yet: hub windows stay"
                  + " closed until one arrives."
              : "No signed heartbeat from the hub since "
                  + heard
                  + " (grace "
                  + grace.toSeconds()
                  + " s): every hub window is treated as ended at "
                  + heard.plus(grace)
                  + " until the hub is heard again.";
      LOG.log(System.Logger.Level.WARNING, "hub windows: " + msg);
      long ts = Window.nanosOf(now);
      notices.onNotice(
          NoticeType.HUB_WINDOWS_STALE.notice(
              ts, "hub_windows_stale:" + staleEpisodes.get() + ":" + ts, null, msg, null));
    } else {
      LOG.log(
          System.Logger.Level.INFO,
          "hub windows: the hub is heard again (heartbeat {0}); its windows apply",
          heard);
    }
  }

  /** Whether the hub windows are closed for silence, as of the last {@link #checkStale}. */
  public synchronized boolean stale() {
    return stale;
  }

  /** When the hub was last heard (sensor-bounded), or null. */
  public Instant lastHeard() {
    return lastHeard;
  }

  public long accepted() {
    return accepted.get();
  }

  public long heartbeats() {
    return heartbeats.get();
  }

  /** Records ignored, by reason. */
  public Map<WindowRecords.Refusal, Long> ignored() {
    Map<WindowRecords.Refusal, Long> out = new EnumMap<>(WindowRecords.Refusal.class);
    ignored.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long ignoredTotal() {
    long n = 0;
    for (AtomicLong v : ignored.values()) {
      n += v.get();
    }
    return n;
  }
}
