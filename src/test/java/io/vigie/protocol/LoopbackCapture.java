package io.vigie.protocol;

import io.vigie.config.SiteConfig;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.pipeline.Replay;
import io.vigie.policy.WindowSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * tcpdump on the loopback interface (or on an interface of a network namespace the test made) for
 * the duration of a test, then the capture replayed through the real pipeline (decode, flow table,
 * engine, and with a site file the policy stages and their notices). Skips the test when tcpdump
 * cannot capture or when the kernel dropped packets (a loaded machine), since the test needs a
 * complete capture.
 */
final class LoopbackCapture implements AutoCloseable {
  private final Path pcap;
  private final Path log;
  private final Process dump;
  private boolean stopped;

  LoopbackCapture(Path dir, String filter) throws Exception {
    this(dir, List.of(), "lo", filter);
  }

  /** tcpdump on {@code iface} inside the network namespace {@code namespace}. */
  static LoopbackCapture inNamespace(Path dir, String namespace, String iface, String filter)
      throws Exception {
    return new LoopbackCapture(dir, List.of("ip", "netns", "exec", namespace), iface, filter);
  }

  private LoopbackCapture(Path dir, List<String> prefix, String iface, String filter)
      throws Exception {
    this.pcap = dir.resolve("capture.pcap");
    this.log = dir.resolve("tcpdump.log");
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(
        List.of(
            "tcpdump",
            "-i",
            iface,
            "-U",
            "--immediate-mode",
            "-B",
            "32768",
            "-n",
            "-w",
            pcap.toString(),
            filter));
    this.dump =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!Files.readString(log).contains("listening")
        && dump.isAlive()
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    Assumptions.assumeTrue(dump.isAlive(), "tcpdump cannot capture: " + Files.readString(log));
  }

  /** Stops once the file stopped growing, and replays it without a site. */
  List<Session> stopAndReplay() throws Exception {
    return stopAndReplay(SiteConfig.empty(), new ArrayList<>());
  }

  /** Stops once the file stopped growing, and replays it against {@code site}. */
  List<Session> stopAndReplay(SiteConfig site, List<Notice> notices) throws Exception {
    long size = -1;
    long stableSince = System.currentTimeMillis();
    long until = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < until && System.currentTimeMillis() - stableSince < 500) {
      long now = Files.size(pcap);
      if (now != size) {
        size = now;
        stableSince = System.currentTimeMillis();
      }
      Thread.onSpinWait();
    }
    close();
    String stats = Files.readString(log);
    Assumptions.assumeTrue(stats.contains("\n0 packets dropped by kernel"), stats);
    return replay(site, notices);
  }

  /** Replays the capture, once stopped, against {@code site} (again, with another site). */
  List<Session> replay(SiteConfig site, List<Notice> notices) throws Exception {
    List<Session> sessions = new ArrayList<>();
    new Replay(
            site, WindowSet.EMPTY, PacketRecorder.NONE, Replay.output(sessions::add, notices::add))
        .run(List.of(pcap), p -> {});
    return sessions;
  }

  @Override
  public void close() throws java.io.IOException {
    if (!stopped) {
      stopped = true;
      dump.destroy(); // SIGTERM: tcpdump flushes and closes the file
      try {
        dump.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("waiting for tcpdump to stop");
      }
    }
  }
}
