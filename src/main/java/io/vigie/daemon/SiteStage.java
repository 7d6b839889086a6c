package io.vigie.daemon;

import io.vigie.config.SiteConfig;
import io.vigie.evidence.EvidenceSink;
import io.vigie.firmware.CertifiedImages;
import io.vigie.firmware.FirmwareTransferStage;
import io.vigie.flow.SessionSink;
import io.vigie.gate.GateBypass;
import io.vigie.gate.GateSessions;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.SeenEndpoints;
import io.vigie.policy.PolicyMetrics;
import io.vigie.policy.PolicyStage;
import io.vigie.policy.WindowSet;
import io.vigie.site.SiteClassifier;
import io.vigie.site.SiteModel;
import java.util.function.Supplier;

/**
 * The site-dependent part of one capture thread's pipeline, built whole from one config so that
 * a reload swaps it in one step:
 *
 * <pre>
 * FlowTable ─► SiteClassifier ─► [GateBypass] ─► PolicyStage (windows) ─► FirmwareTransferStage ─► sessions out
 *                                     └──────────────┴──────────────┴─► notices (the thread's NoticeFilter,
 *                                                                         kept across reloads)
 * </pre>
 *
 * @param site the site model (also the flow table's interest and the DNS name observer)
 * @param entry where the flow table's sessions go
 */
public record SiteStage(SiteModel site, SessionSink entry) {

  /**
   * @param seen the capture thread's endpoint memory, kept across reloads
   * @param notices the capture thread's notice filter, kept across reloads
   * @param evidence where firmware images seen on the wire are recorded
   * @param gate the gate's relayed connections, or null when the site has no gate: vendor
   *     sessions into the video network that the gate did not relay are {@code gate_bypass}
   * @throws IllegalArgumentException when the site cannot be modelled (bad address or pattern)
   */
  public static SiteStage build(SiteConfig config, Supplier<WindowSet> windows, SeenEndpoints seen, NoticeSink notices,
      SessionSink out, EvidenceSink evidence, GateSessions gate) {
    SiteModel site = new SiteModel(config);
    SessionSink transfers = new FirmwareTransferStage(site, CertifiedImages.of(config.certifiedImages()), windows,
        notices, evidence, out);
    SessionSink judged = new PolicyStage(site, windows, seen, notices, transfers, PolicyMetrics.NONE);
    SessionSink afterSite = gate == null ? judged : s -> {
      GateBypass.check(s, site, gate).ifPresent(notices::onNotice);
      judged.onSession(s);
    };
    return new SiteStage(site, new SiteClassifier(site, afterSite));
  }
}
