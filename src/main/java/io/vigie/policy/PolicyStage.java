package io.vigie.policy;

import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import io.vigie.notice.SeenEndpoints;
import io.vigie.site.SiteView;
import java.util.function.Supplier;

/**
 * The pipeline stage after site classification: judges each session with {@link Judge}, passes it
 * on with its verdict, and raises the judgement's notices plus {@code new_external_endpoint} (the
 * only stateful notice, from a bounded {@link SeenEndpoints} memory).
 *
 * <pre>{@code
 * NoticeFilter notices = new NoticeFilter(Duration.ofMinutes(10), 100_000, noticeOut);
 * SessionSink stage = new PolicyStage(site, () -> windowSet, new SeenEndpoints(100_000),
 *     notices, sessionOut, PolicyMetrics.NONE);
 * flowTable.setSink(stage);
 * }</pre>
 *
 * <p>The windows supplier is read once per session: the daemon passes {@code
 * windowService::snapshot}, replay a constant set. Runs on the pipeline thread; not thread-safe.
 */
public final class PolicyStage implements SessionSink {
  private final SiteView site;
  private final Supplier<WindowSet> windows;
  private final SeenEndpoints seen;
  private final NoticeSink notices;
  private final SessionSink next;
  private final PolicyMetrics metrics;

  public PolicyStage(
      SiteView site,
      Supplier<WindowSet> windows,
      SeenEndpoints seen,
      NoticeSink notices,
      SessionSink next,
      PolicyMetrics metrics) {
    this.metrics = metrics;
    this.site = site;
    this.windows = windows;
    this.seen = seen;
    this.notices = notices;
    this.next = next;
  }

  @Override
  public void onSession(Session s) {
    Judgement j = Judge.judge(s, site, windows.get());
    metrics.onVerdict(j.verdict());
    newExternalEndpoint(s);
    j.notices().forEach(notices::onNotice);
    next.onSession(j.applyTo(s));
  }

  private void newExternalEndpoint(Session s) {
    boolean inOrig = site.inVideoNetwork(s.origH());
    boolean inResp = site.inVideoNetwork(s.respH());
    if (inOrig == inResp) {
      return;
    }
    String inside = inOrig ? s.origH() : s.respH();
    String outside = inOrig ? s.respH() : s.origH();
    // Endpoints the site file names are expected, not new: the vendor, allowed services, and the
    // gate (gate.address), whose relayed legs reach cameras from outside the video network.
    if (site.isVendorEndpoint(outside)
        || site.isGateAddress(outside)
        || (inOrig && site.isAllowedService(outside, s.respP()))) {
      return;
    }
    if (seen.firstSeen(inside, outside)) {
      String device = site.device(inside).map(SiteView.DeviceRef::name).orElse(inside);
      String type = NoticeType.NEW_EXTERNAL_ENDPOINT.wireName();
      notices.onNotice(
          NoticeType.NEW_EXTERNAL_ENDPOINT.notice(
              s.startNanos(),
              NoticeIds.of(type, device, outside),
              s.communityId(),
              Judge.describe(site, inside)
                  + (inOrig ? " talked to " : " was reached from ")
                  + Judge.describe(site, outside)
                  + " for the first time",
              null));
    }
  }
}
