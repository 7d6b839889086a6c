package io.vigie.pipeline;

import io.vigie.config.SiteConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.CertifiedImages;
import io.vigie.flow.SessionSink;
import io.vigie.gate.GateBypass;
import io.vigie.gate.GateSessions;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.SeenEndpoints;
import io.vigie.policy.FirmwareTransferStage;
import io.vigie.policy.PolicyMetrics;
import io.vigie.policy.PolicyStage;
import io.vigie.policy.VendorChannelStage;
import io.vigie.policy.WindowSet;
import io.vigie.site.Platforms;
import io.vigie.site.SiteClassifier;
import io.vigie.site.SiteModel;
import java.util.function.Supplier;

/**
 * The site-dependent part of one pipeline, built whole from one config so that a reload swaps it in
 * one step:
 *
 * <pre>
 * FlowTable ─► SiteClassifier ─► [GateBypass] ─► PolicyStage (windows) ─► VendorChannelStage (platforms,
 *             fingerprints) ─► FirmwareTransferStage ─► sessions out
 *                                     └──────────────┴──────────────┴───────────┴─► notices (the pipeline's
 *                                                                         NoticeFilter, kept across reloads)
 * </pre>
 *
 * <p>The gate-bypass check runs whenever the config has a {@code gate} section; see {@link
 * PipelineBuilder#gate} for where its relayed connections come from.
 *
 * @param site the site model (also the flow table's interest and the DNS name observer)
 * @param entry where the flow table's sessions go
 */
public record SiteStage(SiteModel site, SessionSink entry) {

  /**
   * @param seen the pipeline's endpoint memory, kept across reloads
   * @param notices the pipeline's notice filter, kept across reloads
   * @param evidence where firmware images seen on the wire are recorded
   * @param relayed the gate's relayed connections; only read when {@code config} has a gate: vendor
   *     sessions into the video network that the gate did not relay are {@code gate_bypass}
   * @throws IllegalArgumentException when the site cannot be modelled (bad address or pattern)
   */
  static SiteStage build(
      SiteConfig config,
      Supplier<WindowSet> windows,
      SeenEndpoints seen,
      NoticeSink notices,
      SessionSink out,
      EvidenceSink evidence,
      GateSessions relayed) {
    SiteModel site = new SiteModel(config);
    SessionSink transfers =
        new FirmwareTransferStage(
            site, CertifiedImages.of(config.certifiedImages()), windows, notices, evidence, out);
    SessionSink channels =
        new VendorChannelStage(
            site, Platforms.of(config), config.vendor().fingerprints(), notices, transfers);
    SessionSink judged =
        new PolicyStage(site, windows, seen, notices, channels, PolicyMetrics.NONE);
    SessionSink afterSite =
        config.gate() == null
            ? judged
            : s -> {
              GateBypass.check(s, site, relayed).ifPresent(notices::onNotice);
              judged.onSession(s);
            };
    return new SiteStage(site, new SiteClassifier(site, afterSite));
  }
}
