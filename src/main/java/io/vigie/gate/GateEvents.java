package io.vigie.gate;

import io.vigie.evidence.EvidenceRecord;
import io.vigie.evidence.EvidenceSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gate tells the rest of vigie: notices (to the notice sink and, as kind {@code notice},
 * to the evidence store) and relayed sessions (kind {@code session} with {@code gate: true}).
 *
 * <pre>{@code
 * GateEvents events = new GateEvents(evidenceStore, noticeFilter);
 * }</pre>
 */
public final class GateEvents {
  /** Notice type of a refused connection. */
  public static final String GATE_REFUSED = "gate_refused";
  /** Notice type of vendor traffic that reached the video network around the gate. */
  public static final String GATE_BYPASS = "gate_bypass";

  private final EvidenceSink evidence;
  private final NoticeSink notices;

  public GateEvents(EvidenceSink evidence, NoticeSink notices) {
    this.evidence = evidence;
    this.notices = notices;
  }

  /** A connection refused at once: one notice, identified by who, where, how and why. */
  public void refused(long tsNanos, String listener, String identity, String target, String app, String peer,
      String reason, String message) {
    String id = NoticeIds.of(GATE_REFUSED, listener, identity, target, app, reason);
    notice(new Notice(tsNanos, GATE_REFUSED, Severity.HIGH, id, null,
        "gate " + listener + " refused " + (peer == null ? "" : peer + " ") + "(" + reason + "): " + message, null,
        target));
  }

  public void notice(Notice n) {
    evidence.append(asEvidence(n));
    notices.onNotice(n);
  }

  /** One relayed connection, once it has ended. */
  public void session(long tsNanos, String window, Map<String, Object> fields) {
    evidence.append(new EvidenceRecord("session", tsNanos, window, fields));
  }

  /** Same fields as the evidence store gives a notice, so the timeline shows gate notices alike. */
  static EvidenceRecord asEvidence(Notice n) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("ts", BigDecimal.valueOf(n.tsNanos(), 9));
    put(f, "note", n.note());
    put(f, "severity", n.severity() == null ? null : n.severity().wireName());
    put(f, "id", n.id());
    put(f, "community_id", n.communityId());
    put(f, "msg", n.msg());
    put(f, "window", n.window());
    put(f, "camera", n.camera());
    String subject = n.camera() != null ? n.camera() : n.window() != null ? n.window() : n.communityId();
    return new EvidenceRecord("notice", n.tsNanos(), subject, f);
  }

  private static void put(Map<String, Object> f, String k, Object v) {
    if (v != null) {
      f.put(k, v);
    }
  }
}
