package io.vigie.gate;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeType;
import io.vigie.site.SiteView;
import java.util.Optional;

/**
 * Joins wire sessions with the gate's connections: vendor traffic that reaches the video network
 * without passing through the gate is a {@code gate_bypass}. The gate's own legs come from the
 * gate's address and are not vendor sessions; a vendor session that is one of them anyway (the gate
 * placed inside a vendor block) is recognised by its 5-tuple in {@link GateSessions}.
 *
 * <pre>{@code
 * // in the pipeline, after site classification, when a gate is configured:
 * GateBypass.check(session, siteView, gate.sessions()).ifPresent(noticeSink::onNotice);
 * }</pre>
 */
public final class GateBypass {
  private GateBypass() {}

  public static Optional<Notice> check(Session s, SiteView site, GateSessions gate) {
    if (!s.vendor()) {
      return Optional.empty();
    }
    boolean inOrig = site.inVideoNetwork(s.origH());
    boolean inResp = site.inVideoNetwork(s.respH());
    if (inOrig == inResp) {
      return Optional.empty();
    }
    if (gate.relayed(s.origH(), s.origP(), s.respH(), s.respP())) {
      return Optional.empty();
    }
    String device = inResp ? s.respH() : s.origH();
    String endpoint = inResp ? s.origH() : s.respH();
    String app = s.app() == null ? "unknown" : s.app().wireName();
    String id = NoticeIds.of(GateEvents.GATE_BYPASS, device, endpoint, app);
    String camera = site.device(device).map(SiteView.DeviceRef::name).orElse(null);
    String msg =
        "vendor "
            + endpoint
            + " reached "
            + (camera == null ? device : camera + " (" + device + ")")
            + " by "
            + app
            + " without passing through the gate";
    return Optional.of(
        NoticeType.GATE_BYPASS.notice(
            s.startNanos(), id, s.communityId(), msg, s.window(), camera));
  }
}
