package io.vigie.output;

import io.vigie.capture.LinkType;
import io.vigie.config.SiteConfig.FlowConfig;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import io.vigie.flow.ExpectationTable;
import io.vigie.flow.FlowInterest;
import io.vigie.flow.FlowTable;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.jmh.CapturedFrames;
import io.vigie.protocol.NameObserver;
import io.vigie.protocol.ProtocolEngine;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One session written as a JSON line by {@link JsonLinesWriter} (through {@link SessionJson}, the
 * one serialiser of replay, evidence, the API and Kafka), into a stream that counts and discards.
 * The sessions are real: the video and control workloads' samples replayed through the flow table
 * and the protocol engine. {@code app}: the sessions of one application, or {@code mix} (all of
 * them in the order they ended).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class SessionJsonBenchmark {
  @Param({"mix", "rtp", "rtsp", "http", "tls", "dns", "ntp", "ssh"})
  public String app;

  private Session[] sessions;
  private final CountingStream out = new CountingStream();
  private JsonLinesWriter writer;
  private int next;

  /** Counts what it is given and keeps none of it. */
  static final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    List<Session> all = new ArrayList<>();
    replay(CapturedFrames.video(300, 40_000), all);
    replay(CapturedFrames.control(300, 80_000), all);
    List<Session> chosen = new ArrayList<>();
    for (Session s : all) {
      if (app.equals("mix") || (s.app() != null && s.app().wireName().equals(app))) {
        chosen.add(s);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalStateException("no " + app + " session in the workload samples");
    }
    sessions = chosen.toArray(new Session[0]);
    writer = new JsonLinesWriter(out);
  }

  private static void replay(CapturedFrames f, List<Session> into) {
    ExpectationTable expectations = new ExpectationTable();
    FlowTable table =
        new FlowTable(
            FlowConfig.DEFAULTS,
            new ProtocolEngine(expectations, NameObserver.NONE),
            expectations,
            FlowInterest.NONE,
            PacketRecorder.NONE,
            into::add);
    PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    DecodedPacket p = new DecodedPacket();
    for (int i = 0; i < f.count; i++) {
      if (decoder.decode(LinkType.ETHERNET, f.ts[i], f.data, f.off[i], f.len[i], f.len[i], p)) {
        table.onPacket(p);
      }
    }
    table.flush();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    writer.close();
  }

  @Benchmark
  public void sessionLine(Blackhole bh) {
    int i = next;
    next = i + 1 == sessions.length ? 0 : i + 1;
    writer.session(sessions[i]);
    bh.consume(out.bytes);
  }
}
