package io.vigie.bench;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.GateConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.gate.GateEvents;
import io.vigie.gate.GateMetrics;
import io.vigie.gate.GateServer;
import io.vigie.gate.Identities;
import io.vigie.net.App;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Relay throughput and added latency of the gate against a direct connection, on loopback, in the
 * same run: a target that speaks an SSH banner then either counts what it receives (bulk) or echoes
 * (ping-pong), reached once directly and once through a gate with an active window.
 *
 * <pre>{@code
 * for (GateBench.Result r : new GateBench(256, 5000).run()) System.out.println(r);
 * }</pre>
 */
public final class GateBench {
  private static final String BANNER = "SSH-2.0-vigie-bench\r\n";
  private static final String TOKEN = "bench-token";
  private static final int CHUNK = 64 * 1024;
  private static final int PING = 64;

  /** One path's figures. */
  public record Result(String path, double megabytesPerSecond, double p50Micros, double p99Micros) {
    @Override
    public String toString() {
      return String.format(
          "%-7s %10.1f MB/s   latency p50 %7.1f µs   p99 %7.1f µs",
          path, megabytesPerSecond, p50Micros, p99Micros);
    }
  }

  private final int megabytes;
  private final int roundTrips;

  public GateBench(int megabytes, int roundTrips) {
    this.megabytes = megabytes;
    this.roundTrips = roundTrips;
  }

  public List<Result> run() throws Exception {
    Path tmp = Files.createTempDirectory("vigie-bench-gate");
    try (Target target = new Target()) {
      Clock clock = Clock.systemUTC();
      JournaledWindowService windows =
          new JournaledWindowService(
              ApprovalConfig.DEFAULTS,
              new JsonLinesWindowJournal(tmp.resolve("windows.jsonl")),
              EvidenceSink.NONE,
              clock);
      Window w =
          windows.request(
              new WindowRequest(
                  "bench",
                  "BENCH",
                  new Scope(List.of("target"), List.of(), List.of(), List.of(App.SSH)),
                  null,
                  clock.instant().plus(Duration.ofHours(1)),
                  List.of()),
              new Actor("bench", Set.of()));
      windows.approve(w.id(), new Actor("bench-approver", Set.of("town_hall")), "bench");
      GateConfig.Listener l =
          new GateConfig.Listener(
              "bench",
              "127.0.0.1:0",
              "ssh",
              GateConfig.Auth.TOKEN,
              List.of(new GateConfig.Target("target", "127.0.0.1", target.port())));
      GateConfig config =
          new GateConfig(
              null,
              600,
              300,
              8,
              null,
              List.of(new GateConfig.Identity("bench", Identities.hashOf(TOKEN), null, null)),
              null,
              List.of(l));
      try (GateServer gate =
          new GateServer(
              config,
              windows::snapshot,
              new GateEvents(EvidenceSink.NONE, NoticeSink.NONE),
              GateMetrics.NONE,
              clock)) {
        gate.start();
        InetSocketAddress direct =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), target.port());
        InetSocketAddress viaGate = gate.address("bench");
        // Warm-up of both paths, then the timed rounds.
        measure(
            "direct", direct, false, Math.max(1, megabytes / 8), Math.max(100, roundTrips / 10));
        measure("gate", viaGate, true, Math.max(1, megabytes / 8), Math.max(100, roundTrips / 10));
        return List.of(
            measure("direct", direct, false, megabytes, roundTrips),
            measure("gate", viaGate, true, megabytes, roundTrips));
      }
    } finally {
      Files.deleteIfExists(tmp.resolve("windows.jsonl"));
      Files.deleteIfExists(tmp);
    }
  }

  private static Result measure(
      String name, InetSocketAddress addr, boolean gate, int mb, int trips) throws IOException {
    double mbps;
    try (Socket s = open(addr, gate, 'B')) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      long total = (long) mb << 20;
      out.writeLong(total);
      byte[] chunk = new byte[CHUNK];
      long t0 = System.nanoTime();
      for (long sent = 0; sent < total; sent += CHUNK) {
        out.write(chunk);
      }
      out.flush();
      if (s.getInputStream().read() != 'K') {
        throw new IOException("bulk transfer not acknowledged");
      }
      mbps = total / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
    long[] rtt = new long[trips];
    try (Socket s = open(addr, gate, 'E')) {
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] ping = new byte[PING];
      for (int i = 0; i < trips; i++) {
        long t0 = System.nanoTime();
        out.write(ping);
        out.flush();
        in.readFully(ping);
        rtt[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(rtt);
    return new Result(
        name, mbps, rtt[trips / 2] / 1e3, rtt[Math.min(trips - 1, (int) (trips * 0.99))] / 1e3);
  }

  /** Connects (through the gate: preamble and answer), exchanges banners and picks the mode. */
  private static Socket open(InetSocketAddress addr, boolean gate, char mode) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(addr, 5000);
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    if (gate) {
      out.write(("VIGIE1 " + TOKEN + " target\n").getBytes(StandardCharsets.US_ASCII));
      String answer = line(in);
      if (!answer.startsWith("VIGIE1 OK")) {
        throw new IOException("gate refused the bench: " + answer);
      }
    }
    out.write((BANNER + mode).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    if (!line(in).equals(BANNER.strip())) {
      throw new IOException("target banner missing");
    }
    return s;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString().strip();
  }

  /** The bench target: a thread per connection, blocking I/O, nothing clever to measure. */
  private static final class Target implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Thread acceptor;

    Target() throws IOException {
      acceptor = new Thread(this::accept, "vigie-bench-target");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> serve(s), "vigie-bench-target-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void serve(Socket s) {
      try (s) {
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        out.write(BANNER.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        line(in);
        int mode = in.read();
        byte[] buf = new byte[CHUNK];
        if (mode == 'B') {
          long total = in.readLong();
          for (long got = 0; got < total; ) {
            int n = in.read(buf);
            if (n < 0) {
              return;
            }
            got += n;
          }
          out.write('K');
          out.flush();
        } else {
          int n;
          while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
          }
        }
        // The client closes; wait for it so the gate sees the vendor end first.
        while (in.read(buf) >= 0) {
          // drain
        }
      } catch (IOException e) {
        // The client went away: this connection is done.
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
