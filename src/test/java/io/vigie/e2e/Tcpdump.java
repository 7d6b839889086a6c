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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A tcpdump capture of the test's own traffic: on loopback, filtered to the test's ports (other
 * engineers' tests share lo), or on the veth of a namespace the test made.
 *
 * <pre>{@code
 * Tcpdump cap = Tcpdump.start(procs, "tcp port " + port, dir.resolve("ssh.pcap"));
 * ... run the client ...
 * Path pcap = cap.stop();
 * }</pre>
 *
 * <p>Stopping first sends a marker datagram to a port of the filter and waits until tcpdump has
 * written it: packets reach the file in order, so everything the client did is in it. Then tcpdump
 * gets SIGINT. Replay reports the marker as one UDP session on {@link #markerPort()}, which the
 * comparison leaves out.
 */
final class Tcpdump {
  static final String TCPDUMP = "/usr/bin/tcpdump";
  private static final Pattern NO_DROP = Pattern.compile("(?m)^0 packets dropped by kernel");

  private final Process process;
  private final Path file;
  private final Path log;
  private final int markerPort;
  private final Consumer<byte[]> marker;
  private final AutoCloseable markerResource;

  private Tcpdump(
      Process process,
      Path file,
      Path log,
      int markerPort,
      Consumer<byte[]> marker,
      AutoCloseable markerResource) {
    this.process = process;
    this.file = file;
    this.log = log;
    this.markerPort = markerPort;
    this.marker = marker;
    this.markerResource = markerResource;
  }

  /** Captures on lo; the marker goes from and to a socket of this JVM on 127.0.0.1. */
  static Tcpdump start(Procs procs, String filter, Path file) {
    return onLoopback(procs, List.of(), filter, file);
  }

  /**
   * Captures on {@code iface} of a namespace ({@code wrap} runs tcpdump there); {@code sendMarker}
   * gets the marker's bytes and must send them as UDP across that interface to {@code markerPort}.
   */
  static Tcpdump start(
      Procs procs,
      UnaryOperator<List<String>> wrap,
      String iface,
      String filter,
      Path file,
      int markerPort,
      Consumer<byte[]> sendMarker) {
    return start(procs, wrap, iface, List.of(), filter, file, markerPort, sendMarker, () -> {});
  }

  /**
   * Captures on lo into files of {@code megabytes} million bytes each ({@code tcpdump -C}): FILE,
   * FILE1, FILE2... as {@link #files()} lists them.
   */
  static Tcpdump startRotating(Procs procs, String filter, Path file, int megabytes) {
    // -Z root: tcpdump opens the next files after dropping privileges, in a directory only root may
    // write.
    return onLoopback(
        procs, List.of("-C", Integer.toString(megabytes), "-Z", "root"), filter, file);
  }

  private static Tcpdump onLoopback(Procs procs, List<String> options, String filter, Path file) {
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = socket.getLocalPort();
    try {
      Consumer<byte[]> send =
          tag -> {
            try {
              socket.send(
                  new DatagramPacket(tag, tag.length, InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          };
      return start(procs, cmd -> cmd, "lo", options, filter, file, port, send, socket);
    } catch (RuntimeException | Error e) {
      socket.close();
      throw e;
    }
  }

  private static Tcpdump start(
      Procs procs,
      UnaryOperator<List<String>> wrap,
      String iface,
      List<String> options,
      String filter,
      Path file,
      int markerPort,
      Consumer<byte[]> sendMarker,
      AutoCloseable markerResource) {
    String name = "tcpdump-" + file.getFileName();
    // Immediate mode gives each packet a frame as large as the snapshot length (lo's MTU is 64
    // KiB):
    // a 64 MiB buffer keeps a busy machine from dropping packets of a burst.
    List<String> cmd =
        new ArrayList<>(
            List.of(TCPDUMP, "-i", iface, "-n", "-U", "--immediate-mode", "-B", "65536"));
    cmd.addAll(options);
    cmd.addAll(
        List.of(
            "-w", file.toString(), "(" + filter + ") or (udp and dst port " + markerPort + ")"));
    Process p = procs.start(name, wrap.apply(cmd));
    Path log = procs.log(name);
    Procs.await(
        () -> {
          if (!p.isAlive()) {
            fail("tcpdump exited: " + Procs.read(log));
          }
          return Procs.read(log).contains("listening on");
        },
        "tcpdump listening on " + iface);
    return new Tcpdump(p, file, log, markerPort, sendMarker, markerResource);
  }

  int markerPort() {
    return markerPort;
  }

  /** Waits until everything sent so far is in the file, stops tcpdump, returns the file. */
  Path stop() {
    byte[] tag = ("vigie-e2e-marker-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    try {
      marker.accept(tag);
      Procs.await(
          () -> files().stream().anyMatch(f -> contains(f, tag)), "the marker datagram in " + file);
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
          .start()
          .waitFor(5, TimeUnit.SECONDS);
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "tcpdump did not stop on SIGINT");
      String report = Procs.read(log);
      assertTrue(report.contains("packets captured"), () -> "tcpdump: " + report);
      // A dropped packet would show as a replay error; say what it is.
      assertTrue(NO_DROP.matcher(report).find(), () -> "tcpdump dropped packets: " + report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process.destroyForcibly();
      closeMarker();
    }
    return file;
  }

  private void closeMarker() {
    try {
      markerResource.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the marker socket", e);
    }
  }

  /** The capture's files in order: FILE, then FILE1, FILE2... when it rotates. */
  List<Path> files() {
    List<Path> out = new ArrayList<>();
    out.add(file);
    for (int i = 1;
        Files.exists(file.resolveSibling(file.getFileName() + Integer.toString(i)));
        i++) {
      out.add(file.resolveSibling(file.getFileName() + Integer.toString(i)));
    }
    return out;
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
