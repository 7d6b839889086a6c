package io.vigie.pipeline;

import io.vigie.config.SiteConfig;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import io.vigie.flow.ExpectationTable;
import io.vigie.flow.FlowTable;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.SessionSink;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.SeenEndpoints;
import io.vigie.protocol.FileSink;
import io.vigie.protocol.ProtocolEngine;

/**
 * One capture thread's pipeline, made by {@link PipelineBuilder}: the packet path (decode, flow
 * table, protocol engine) owned by that thread, the site-dependent stages behind a switch, and what
 * outlives a reload (the notice filter and the endpoint memory).
 *
 * <pre>{@code
 * SiteStage next = pipeline.prepare(newConfig);   // may throw: nothing has changed yet
 * pipeline.swap(next);                            // one volatile write; the capture thread goes on
 * }</pre>
 */
public final class Pipeline {
  /** What a reload keeps: the endpoint memory, the notice filter and the outputs behind them. */
  record Kept(SeenEndpoints seen, NoticeSink notices, SessionSink out) {}

  private final PipelineBuilder builder;
  private final Kept kept;
  private final LiveSite site;
  private final DecodeCounters counters = new DecodeCounters();
  private final FlowTable flows;
  private final PacketPipeline packets;

  Pipeline(
      PipelineBuilder builder,
      SiteConfig config,
      PacketRecorder recorder,
      FileSink files,
      Outputs out) {
    this.builder = builder;
    this.kept =
        new Kept(
            new SeenEndpoints(PipelineBuilder.MEMORY),
            new NoticeFilter(PipelineBuilder.NOTICE_SUPPRESSION, PipelineBuilder.MEMORY, out),
            out);
    this.site = new LiveSite(builder.siteStage(config, kept));
    ExpectationTable expectations = new ExpectationTable();
    ProtocolEngine engine = new ProtocolEngine(expectations, site, files);
    this.flows = new FlowTable(config.flows(), engine, expectations, site, recorder, site);
    this.packets =
        new PacketPipeline(new PacketDecoder(counters, FragmentLimits.DEFAULTS), counters, flows);
  }

  /** The packet handler a source dispatches into. */
  public PacketPipeline packets() {
    return packets;
  }

  public FlowTable flows() {
    return flows;
  }

  public DecodeCounters counters() {
    return counters;
  }

  /**
   * Builds the site-dependent stages for {@code next} without switching to them, so that a reload
   * can prepare every pipeline before any of them changes.
   *
   * @throws IllegalArgumentException when the site cannot be modelled (bad address or pattern)
   */
  public SiteStage prepare(SiteConfig next) {
    return builder.siteStage(next, kept);
  }

  /** Switches to stages made by {@link #prepare} (from any thread). */
  public void swap(SiteStage next) {
    site.replace(next);
  }
}
