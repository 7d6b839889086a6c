package io.vigie.output;

import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.protocol.DetailKind;
import io.vigie.protocol.DetailKinds;
import io.vigie.protocol.FieldWriter;
import io.vigie.protocol.ProtocolDetail;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The one spelling of a session as a record: {@code replay --json}, the evidence store's session
 * records, the API's {@code /sessions} and every later output write it through here, so a SIEM
 * reads one schema whichever it is fed.
 *
 * <pre>{@code
 * SessionJson.write(session, new JsonFieldWriter(generator));   // inside a JSON object
 * }</pre>
 *
 * <p>Common fields first, then each protocol's detail fields in the order of {@link
 * DetailKinds#ALL}; a protocol not recognised in the session writes its absent record, so every key
 * is always present (null when unknown), as the README's contract says. Times are RFC 3339 UTC with
 * microseconds, {@code duration} seconds with six decimals rounded half-even.
 */
public final class SessionJson {
  private SessionJson() {}

  /** The whole record, {@code "type":"session"} first. */
  public static void write(Session s, FieldWriter w) {
    w.string("type", "session");
    writeFields(s, w);
  }

  /** The record without its type, for stores that keep the kind beside it. */
  public static void writeFields(Session s, FieldWriter w) {
    w.string("ts", Rfc3339.micros(s.startNanos()));
    w.decimal("duration", duration(s));
    w.string("proto", s.proto());
    w.string("orig_h", s.origH());
    w.number("orig_p", s.origP());
    w.string("resp_h", s.respH());
    w.number("resp_p", s.respP());
    w.string("community_id", s.communityId());
    w.string("app", s.app() == null ? null : s.app().wireName());
    w.strings("apps", s.app() == null ? List.of() : wireNames(s.apps()));
    w.number("orig_bytes", s.origBytes());
    w.number("resp_bytes", s.respBytes());
    w.number("orig_pkts", s.origPkts());
    w.number("resp_pkts", s.respPkts());
    w.string("direction", s.direction() == null ? null : s.direction().wireName());
    w.bool("vendor", s.vendor());
    w.string("orig_name", s.origName());
    w.string("resp_name", s.respName());
    for (DetailKind<?> k : DetailKinds.ALL) {
      ProtocolDetail d = s.details().get(k);
      d.writeTo(w);
    }
    w.string("end_reason", s.endReason());
    w.string("verdict", s.verdict());
    w.string("window", s.window());
  }

  /** Seconds with microsecond precision, half-even as replay has always rounded. */
  public static BigDecimal duration(Session s) {
    return BigDecimal.valueOf(s.endNanos() - s.startNanos(), 9).setScale(6, RoundingMode.HALF_EVEN);
  }

  private static List<String> wireNames(List<App> apps) {
    List<String> names = new ArrayList<>(apps.size());
    for (App a : apps) {
      names.add(a.wireName());
    }
    return names;
  }
}
