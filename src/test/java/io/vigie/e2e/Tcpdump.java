package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A tcpdump capture on loopback, of the test's own ports only (other engineers' tests share lo).
 *
 * <pre>{@code
 * Tcpdump cap = Tcpdump.start(procs, "tcp port " + port, dir.resolve("ssh.pcap"));
 * ... run the client ...
 * Path pcap = cap.stop();
 * }</pre>
 *
 * <p>Stopping first sends a marker datagram to a port of the filter and waits until tcpdump has
 * written it: packets reach the file in order, so everything the client did is in it. Then
 * tcpdump gets SIGINT. Replay reports the marker as one UDP session on {@link #markerPort()}, which
 * the comparison leaves out.
 */
final class Tcpdump {
  static final String TCPDUMP = "/usr/bin/tcpdump";

  private final Process process;
  private final Path file;
  private final Path log;
  private final DatagramSocket marker;
  private final int markerPort;

  private Tcpdump(Process process, Path file, Path log, DatagramSocket marker) {
    this.process = process;
    this.file = file;
    this.log = log;
    this.marker = marker;
    this.markerPort = marker.getLocalPort();
  }

  static Tcpdump start(Procs procs, String filter, Path file) {
    DatagramSocket marker;
    try {
      marker = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String name = "tcpdump-" + file.getFileName();
      // Immediate mode gives each packet a frame as large as the snapshot length (lo's MTU is 64 KiB):
      // a 64 MiB buffer keeps a busy machine from dropping packets of a burst.
      Process p = procs.start(name, List.of(TCPDUMP, "-i", "lo", "-n", "-U", "--immediate-mode", "-B", "65536", "-w",
          file.toString(), "(" + filter + ") or (udp and dst port " + marker.getLocalPort() + ")"));
      Path log = procs.log(name);
      Procs.await(() -> {
        if (!p.isAlive()) {
          fail("tcpdump exited: " + Procs.read(log));
        }
        return Procs.read(log).contains("listening on");
      }, "tcpdump listening on lo");
      return new Tcpdump(p, file, log, marker);
    } catch (RuntimeException | Error e) {
      marker.close();
      throw e;
    }
  }

  int markerPort() {
    return markerPort;
  }

  /** Waits until everything sent so far is in the file, stops tcpdump, returns the file. */
  Path stop() {
    byte[] tag = ("vigie-e2e-marker-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    try (marker) {
      marker.send(new DatagramPacket(tag, tag.length, InetAddress.getLoopbackAddress(), markerPort));
      Procs.await(() -> contains(file, tag), "the marker datagram in " + file);
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "tcpdump did not stop on SIGINT");
      String report = Procs.read(log);
      assertTrue(report.contains("packets captured"), () -> "tcpdump: " + report);
      // A dropped packet would show as a replay error; say what it is.
      assertTrue(Pattern.compile("(?m)^0 packets dropped by kernel").matcher(report).find(),
          () -> "tcpdump dropped packets: " + report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process.destroyForcibly();
    }
    return file;
  }

  private static boolean contains(Path file, byte[] tag) {
    byte[] b;
    try {
      b = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    outer:
    for (int i = 0; i + tag.length <= b.length; i++) {
      for (int k = 0; k < tag.length; k++) {
        if (b[i + k] != tag[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
