package io.vigie.pipeline;

import io.vigie.capture.CaptureException;
import io.vigie.capture.PcapFileSource;
import io.vigie.config.SiteConfig;
import io.vigie.decode.DecodeCounters;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.output.ReplayStats;
import io.vigie.policy.WindowSet;
import io.vigie.protocol.FileSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays capture files through the pipeline the daemon runs ({@link PipelineBuilder}), in packet
 * time:
 *
 * <pre>
 * PcapFileSource ─► Pipeline (decode ─► FlowTable ─► ProtocolEngine ─► site ─► [gate bypass] ─► policy
 *                             ─► firmware on the wire) ─► sessions and filtered notices ─► counts, output
 * </pre>
 *
 * <p>With a {@code gate} section in the config, replay has no running gate to ask which connections
 * it relayed: every vendor session into the video network is judged not relayed (see {@link
 * PipelineBuilder#relayedBy}), which is what a review of a capture from a gated site is looking
 * for.
 *
 * <p>The files are one capture in sequence: flows continue across them (rotated captures).
 */
public final class Replay {
  /** Where sessions and notices go, after classification and judgement. */
  public interface Output extends io.vigie.pipeline.Output {}

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
   * @throws CaptureException when a file cannot be opened or is not a capture; the files before it
   *     have been processed and their sessions reported
   */
  public ReplayStats run(List<Path> files, Consumer<PacketPipeline> progress)
      throws CaptureException {
    long start = System.nanoTime();
    Pipeline p =
        new PipelineBuilder(config, () -> windows)
            .recorder(recorder)
            .evidence(evidence)
            .files(images)
            .output(io.vigie.pipeline.Output.of(s -> sessions++, n -> notices++))
            .output(output)
            .build();
    PacketPipeline pipeline = p.packets();
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
      p.flows().flush();
    }
    DecodeCounters counters = p.counters();
    return new ReplayStats(
        pipeline.packets(),
        pipeline.bytes(),
        counters.snapshot(),
        counters.malformedTotal(),
        sessions,
        notices,
        p.flows().stats().evicted(),
        System.nanoTime() - start,
        pipeline.spanNanos(),
        names,
        damaged);
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
