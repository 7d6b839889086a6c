package io.vigie;

import io.vigie.capture.CaptureException;
import io.vigie.capture.PcapFileSource;
import io.vigie.config.SiteConfig;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import io.vigie.evidence.EvidenceSink;
import io.vigie.firmware.CertifiedImages;
import io.vigie.firmware.FirmwareTransferStage;
import io.vigie.flow.ExpectationTable;
import io.vigie.flow.FlowTable;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.SeenEndpoints;
import io.vigie.policy.PolicyMetrics;
import io.vigie.policy.PolicyStage;
import io.vigie.policy.WindowSet;
import io.vigie.output.ReplayStats;
import io.vigie.protocol.FileSink;
import io.vigie.protocol.ProtocolEngine;
import io.vigie.site.SiteClassifier;
import io.vigie.site.SiteModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays capture files through the same pipeline the daemon runs, in packet time:
 *
 * <pre>
 * PcapFileSource ─► PacketPipeline (decode ─► FlowTable ─► ProtocolEngine)
 *                        └─► SiteClassifier ─► PolicyStage (windows) ─► FirmwareTransferStage ─► sessions out
 *                                        both stages' notices ─► NoticeFilter ─► notices out
 * </pre>
 *
 * The files are one capture in sequence: flows continue across them (rotated captures).
 */
public final class Replay {
  /** Where sessions and notices go, after classification and judgement. */
  public interface Output extends SessionSink, NoticeSink {}

  /** How long the same notice (same id) is suppressed, in packet time. */
  static final Duration NOTICE_SUPPRESSION = Duration.ofMinutes(10);

  private final SiteConfig config;
  private final WindowSet windows;
  private final PacketRecorder recorder;
  private final Output output;
  private EvidenceSink evidence = EvidenceSink.NONE;
  private FileSink images = FileSink.NONE;
  private long sessions;
  private long notices;

  /**
   * @param windows the maintenance windows to judge vendor sessions against; {@link
   *     WindowSet#EMPTY} means no vendor access is authorised
   */
  public Replay(SiteConfig config, WindowSet windows, PacketRecorder recorder, Output output) {
    this.config = config;
    this.windows = windows;
    this.recorder = recorder;
    this.output = output;
  }

  /**
   * Where facts other than sessions and notices go (the {@code firmware_image} records of files
   * seen on the wire); {@link EvidenceSink#NONE} unless set.
   */
  public Replay evidence(EvidenceSink sink) {
    this.evidence = sink;
    return this;
  }

  /**
   * Where copies of files seen in clear go as they are hashed (the evidence store's images when
   * {@code evidence.keep_images}); {@link FileSink#NONE} unless set.
   */
  public Replay files(FileSink sink) {
    this.images = sink;
    return this;
  }

  /**
   * Reads every file to its end (or to its first damaged record).
   *
   * @param progress called now and then with the pipeline, for a progress line; may be a no-op
   * @throws CaptureException when a file cannot be opened or is not a capture; the files before
   *     it have been processed and their sessions reported
   */
  public ReplayStats run(List<Path> files, Consumer<PacketPipeline> progress) throws CaptureException {
    long start = System.nanoTime();
    SiteModel site = new SiteModel(config);
    NoticeFilter noticeOut = new NoticeFilter(NOTICE_SUPPRESSION, 100_000, n -> {
      notices++;
      output.onNotice(n);
    });
    SessionSink transfers = new FirmwareTransferStage(site, CertifiedImages.of(config.certifiedImages()),
        () -> windows, noticeOut, evidence, s -> {
          sessions++;
          output.onSession(s);
        });
    SessionSink judged = new PolicyStage(site, () -> windows, new SeenEndpoints(100_000), noticeOut, transfers,
        PolicyMetrics.NONE);
    ExpectationTable expectations = new ExpectationTable();
    ProtocolEngine engine = new ProtocolEngine(expectations, site, images);
    FlowTable flows = new FlowTable(config.flows(), engine, expectations, site, recorder,
        new SiteClassifier(site, judged));
    DecodeCounters counters = new DecodeCounters();
    PacketPipeline pipeline = new PacketPipeline(new PacketDecoder(counters, FragmentLimits.DEFAULTS),
        counters, flows);
    List<String> names = new ArrayList<>();
    List<String> damaged = new ArrayList<>();
    try {
      for (Path file : files) {
        try (PcapFileSource src = PcapFileSource.open(file)) {
          names.add(file.toString());
          while (src.dispatch(pipeline, 8192) >= 0) {
            progress.accept(pipeline);
          }
          src.damage().ifPresent(damaged::add);
        }
      }
    } finally {
      // Whatever happens, the flows read so far are reported: a bad second file loses nothing.
      flows.flush();
    }
    return new ReplayStats(pipeline.packets(), pipeline.bytes(), counters.snapshot(),
        counters.malformedTotal(), sessions, notices, flows.stats().evicted(),
        System.nanoTime() - start, pipeline.spanNanos(), names, damaged);
  }

  /** Adapts two consumers into an {@link Output}. */
  public static Output output(Consumer<Session> sessions, Consumer<Notice> notices) {
    return new Output() {
      @Override
      public void onSession(Session session) {
        sessions.accept(session);
      }

      @Override
      public void onNotice(Notice notice) {
        notices.accept(notice);
      }
    };
  }
}
