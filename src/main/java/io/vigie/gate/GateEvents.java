package io.vigie.gate;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import java.time.Duration;
import java.util.Map;

/**
 * What the gate tells the rest of vigie: notices to the notice sink, and relayed sessions to the
 * evidence store (kind {@code session} with {@code gate: true}). Notices reach the evidence store
 * (kind {@code notice}) the way every notice does, through the notice sink that ends in {@code
 * EvidenceStore.onNotice}; writing them here as well would record each twice.
 *
 * <pre>{@code
 * GateEvents events = new GateEvents(evidenceStore, noticeFilter);   // noticeFilter → evidenceStore
 * }</pre>
 */
public final class GateEvents {
  /** The catalogue's wire name of a refused connection's notice. */
  public static final String GATE_REFUSED = NoticeType.GATE_REFUSED.wireName();

  /** The catalogue's wire name of vendor traffic that reached the video network around the gate. */
  public static final String GATE_BYPASS = NoticeType.GATE_BYPASS.wireName();

  private final EvidenceSink evidence;
  private final NoticeSink notices;

  /** Guarded by itself: refusals come from every event loop. */
  private final NoticeFilter refusals;

  /** Every refusal a notice (tests); the daemon suppresses repeats, see the other constructor. */
  public GateEvents(EvidenceSink evidence, NoticeSink notices) {
    this(evidence, notices, Duration.ZERO);
  }

  /**
   * @param refusalInterval a refusal with the same id (listener, identity, target, app, reason) as
   *     one passed less than this before is not a new notice: a peer flooding the gate with refused
   *     connections makes one record per interval, not one per connection (they are all counted by
   *     {@link GateMetrics#refused})
   */
  public GateEvents(EvidenceSink evidence, NoticeSink notices, Duration refusalInterval) {
    this.evidence = evidence;
    this.notices = notices;
    this.refusals = new NoticeFilter(refusalInterval, 10_000, notices);
  }

  /** A connection refused at once: one notice, identified by who, where, how and why. */
  public void refused(
      long tsNanos,
      String listener,
      String identity,
      String target,
      String app,
      String peer,
      String reason,
      String message) {
    String id = NoticeIds.of(GATE_REFUSED, listener, identity, target, app, reason);
    Notice n =
        NoticeType.GATE_REFUSED.notice(
            tsNanos,
            id,
            null,
            "gate "
                + listener
                + " refused "
                + (peer == null ? "" : peer + " ")
                + "("
                + reason
                + "): "
                + message,
            null,
            target);
    synchronized (refusals) {
      refusals.onNotice(n);
    }
  }

  public void notice(Notice n) {
    notices.onNotice(n);
  }

  /** One relayed connection, once it has ended. */
  public void session(long tsNanos, String window, Map<String, Object> fields) {
    evidence.append(new EvidenceRecord("session", tsNanos, window, fields));
  }
}
