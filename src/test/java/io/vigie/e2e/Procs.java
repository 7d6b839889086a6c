package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real programs of one test: servers it starts and clients it runs, each with its output in a
 * log file of the test's directory, each with a deadline. Closing stops every server still running,
 * last started first.
 *
 * <pre>{@code
 * try (Procs procs = new Procs(dir)) {
 *   procs.start("sshd", List.of("/usr/sbin/sshd", "-f", cfg, "-D", "-e", "-p", port));
 *   procs.awaitListening("tcp", "127.0.0.1", port);
 *   procs.run("ssh", List.of("ssh", ...));          // exit 0 or the test fails with its log
 * }
 * }</pre>
 */
final class Procs implements AutoCloseable {
  static final long DEADLINE_MS = 15_000;
  private static final long POLL_MS = 20;

  private final Path dir;
  private final Deque<Process> servers = new ArrayDeque<>();

  Procs(Path dir) {
    this.dir = dir;
  }

  /** Skips the test unless it runs as root (capture on lo, sshd, vsftpd, tftpd need it). */
  static void assumeRoot() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "end-to-end tests capture on lo: they need root");
  }

  /** Skips the test when {@code path} is not an installed program. */
  static void assumeTool(String path, String debianPackage) {
    assumeTrue(
        Files.isExecutable(Path.of(path)),
        path + " is not installed (Debian package " + debianPackage + ")");
  }

  /** A TCP port free on 127.0.0.1 a moment ago, for a server to take. */
  static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP port free on 127.0.0.1 a moment ago. */
  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first of {@code size} consecutive ports below the kernel's ephemeral range, for servers
   * that take ports from a range (vsftpd's passive ports, tftpd's transfer ports, curl's active
   * ports): a client's own ephemeral port can then never fall in the range and be taken for the
   * server's.
   */
  static int portBlock(int size) {
    int ephemeralLow =
        Integer.parseInt(
            readLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("\\s+")[0]);
    return ThreadLocalRandom.current().nextInt(10_000, ephemeralLow - size);
  }

  Path dir() {
    return dir;
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** Starts a long-running program; its stdout and stderr go to {@code NAME.log}. */
  Process start(String name, List<String> cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log(name).toFile())
              .start();
      servers.push(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
  }

  /** Runs a client to its end; fails the test, with its output, unless it exits 0 in time. */
  String run(String name, List<String> cmd) {
    Path out = log(name);
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        if (!p.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)) {
          fail(name + " did not finish within " + DEADLINE_MS + " ms: " + cmd + "\n" + read(out));
        }
        assertEquals(0, p.exitValue(), () -> name + " failed: " + cmd + "\n" + read(out));
        return read(out);
      } finally {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until a socket is bound to {@code address:port} ({@code tcp}: listening), reading the
   * server's own {@code /proc/PID/net} (its network namespace's tables), so that waiting sends no
   * packet into the capture.
   */
  void awaitListening(String proto, String address, int port, Process server, String name) {
    String local = hex(address) + ":" + String.format(Locale.ROOT, "%04X", port);
    boolean v6 = address.contains(":");
    Path table = Path.of("/proc", Long.toString(server.pid()), "net", v6 ? proto + "6" : proto);
    await(
        () -> {
          if (!server.isAlive()) {
            fail(name + " exited with " + server.exitValue() + ":\n" + read(log(name)));
          }
          for (String line : readLines(table)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].equals(local) && (proto.equals("udp") || f[3].equals("0A"))) {
              return true;
            }
          }
          return false;
        },
        name + " listening on " + proto + " " + address + ":" + port);
  }

  /**
   * Waits until no TCP connection to or from {@code port}, in {@code server}'s network namespace,
   * is open any more (either side may be in TIME_WAIT), so that what the test does next comes after
   * the last packet of what it did.
   */
  void awaitTcpClosed(int port, Process server) {
    String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
    Path table = Path.of("/proc", Long.toString(server.pid()), "net", "tcp");
    await(
        () -> {
          for (String line : readLines(table)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && !f[0].equals("sl")) {
              // LISTEN (0A) is the server itself; TIME_WAIT (06) has sent its FIN and lingers 60 s
              // on whichever side closed first, which may be either: neither is an open connection.
              boolean open = !f[3].equals("0A") && !f[3].equals("06");
              boolean serverSide = f[1].endsWith(suffix) && open;
              boolean clientSide = f[2].endsWith(suffix) && open;
              if (serverSide || clientSide) {
                return false;
              }
            }
          }
          return true;
        },
        "TCP connections of port " + port + " to close");
  }

  /** Polls {@code cond} until it holds; fails the test after the deadline. */
  static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + DEADLINE_MS + " ms waiting for " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MS); // polling interval, bounded by the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The first line of {@code sha256sum FILE}'s answer: the reference hash of a file sent. */
  String sha256sum(Path file) {
    return run("sha256sum-" + file.getFileName(), List.of("sha256sum", file.toString()))
        .split("\\s+")[0];
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * /proc/net prints an address as the hex of its 32-bit words, each in host (little-endian) order.
   */
  private static String hex(String address) {
    byte[] b;
    try {
      b = InetAddress.getByName(address).getAddress(); // a literal: no name lookup
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    for (int w = 0; w < b.length; w += 4) {
      for (int i = 3; i >= 0; i--) {
        out.append(String.format(Locale.ROOT, "%02X", b[w + i]));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    while (!servers.isEmpty()) {
      Process p = servers.pop();
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
