package io.vigie.pipeline;

import io.vigie.config.SiteConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketRecorder;
import io.vigie.gate.GateSessions;
import io.vigie.policy.WindowSet;
import io.vigie.protocol.FileSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Assembles the one pipeline that {@code vigie replay}, {@code vigie run} and the tests run:
 *
 * <pre>
 * source ─► decode ─► FlowTable ─► ProtocolEngine ─► SiteClassifier ─► [GateBypass] ─► PolicyStage
 *        ─► VendorChannelStage ─► FirmwareTransferStage ─► sessions ─► outputs (in list order)
 *                 every stage's notices ─► NoticeFilter ─► outputs
 * </pre>
 *
 * <pre>{@code
 * Pipeline p = new PipelineBuilder(config, windows::snapshot)
 *     .recorder(store.recorder()).evidence(store).files(store.images())
 *     .relayedBy(gate.sessions())                 // the daemon; replay has no gate running
 *     .output(Output.of(json::session, json::notice))
 *     .build();                                   // one per capture thread
 * while (source.dispatch(p.packets(), 8192) >= 0) { }
 * p.flows().flush();
 * }</pre>
 *
 * <p>A stage is added here once, and both replay and the daemon get it; so is an output.
 */
public final class PipelineBuilder {
  /** How long the same notice (same id) is suppressed, in event time. */
  public static final Duration NOTICE_SUPPRESSION = Duration.ofMinutes(10);

  /** Notice ids the filter remembers, and external endpoints each pipeline remembers. */
  static final int MEMORY = 100_000;

  private final SiteConfig config;
  private final Supplier<WindowSet> windows;
  private final List<Output> outputs = new ArrayList<>();
  private PacketRecorder recorder = PacketRecorder.NONE;
  private EvidenceSink evidence = EvidenceSink.NONE;
  private FileSink files = FileSink.NONE;
  private GateSessions relayed;

  /**
   * @param windows the maintenance windows in effect, read for each session judged ({@code () ->
   *     WindowSet.EMPTY}: no vendor access is authorised)
   */
  public PipelineBuilder(SiteConfig config, Supplier<WindowSet> windows) {
    this.config = config;
    this.windows = windows;
  }

  /** Where pcap slices of flagged flows are recorded; {@link PacketRecorder#NONE} unless set. */
  public PipelineBuilder recorder(PacketRecorder r) {
    this.recorder = r;
    return this;
  }

  /** Where facts other than sessions and notices go (firmware images seen on the wire). */
  public PipelineBuilder evidence(EvidenceSink sink) {
    this.evidence = sink;
    return this;
  }

  /** Where copies of files seen in clear go as they are hashed (the store's, with keep_images). */
  public PipelineBuilder files(FileSink sink) {
    this.files = sink;
    return this;
  }

  /**
   * The running gate's relayed connections, against which vendor sessions into the video network
   * are checked when the config has a {@code gate} section.
   *
   * <p>Without it (replay: no gate is running, and the gate keeps no record of its legs that a
   * capture could be joined with) the check still runs and treats every such vendor session as not
   * relayed, so it is a {@code gate_bypass}: a security team replaying a capture from a gated site
   * wants to see the vendor traffic that went around the gate, and the gate's own legs leave from
   * the gate's address, which is not a vendor address, so they are not vendor sessions. Only a gate
   * placed inside a vendor block would see its own legs reported in replay.
   */
  public PipelineBuilder relayedBy(GateSessions gateSessions) {
    this.relayed = gateSessions;
    return this;
  }

  /** Appends an output; every judged session and filtered notice goes to each, in order. */
  public PipelineBuilder output(Output o) {
    outputs.add(o);
    return this;
  }

  /**
   * A new pipeline with its own flow table, notice filter and endpoint memory: one per capture
   * thread, since none of them is shared.
   *
   * @throws IllegalArgumentException when the site cannot be modelled (bad address or pattern)
   */
  public Pipeline build() {
    return new Pipeline(this, config, recorder, files, new Outputs(outputs));
  }

  /** The site-dependent stages for {@code next}, sharing what a reload keeps. */
  SiteStage siteStage(SiteConfig next, Pipeline.Kept kept) {
    // A registry that holds nothing: maxRecent 0 forgets every leg at once.
    GateSessions registry = relayed != null ? relayed : new GateSessions(0, 0);
    return SiteStage.build(
        next, windows, kept.seen(), kept.notices(), kept.out(), evidence, registry);
  }
}
