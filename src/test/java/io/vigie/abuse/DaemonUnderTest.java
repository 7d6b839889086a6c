package io.vigie.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.api.TokenVerifier;
import io.vigie.gate.Identities;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigie run} as a real process, as the unit file runs it ({@code -Xmx512m
 * -XX:+ExitOnOutOfMemoryError}), with the API, web page, gate and metrics on loopback ports of the
 * test's choosing, live capture on {@code lo} (a BPF filter keeps only the test's own UDP probes,
 * so the packet counter moves when, and only when, {@link #probeCapture} sends) and an SSH-like
 * target behind the gate. Attack tests start one, attack it, then call {@link #assertStillServing}.
 *
 * <pre>{@code
 * try (DaemonUnderTest d = DaemonUnderTest.start(dir, DaemonUnderTest.Options.defaults())) {
 *   ... flood d.apiPort() ...
 *   d.assertStillServing("after the flood");      // up, capturing, approver, vendor, evidence, RSS
 *   d.assertStopsOnSigterm();
 * }
 * }</pre>
 *
 * <p>Needs root (live capture on {@code lo}); {@link #available()} says why not otherwise. The
 * classpath of the daemon is the test's own, or {@code -Dvigie.abuse.classpath} (to replay an
 * attack against another build, e.g. the one before the fix). The site file uses only keys that
 * build knows, so the defaults of the budgets are what is tested.
 */
public final class DaemonUnderTest implements AutoCloseable {
  public static final String VENDOR_TOKEN = "acme-vendor-token-0123456789";
  public static final String APPROVER_TOKEN = "mayor-approver-token-0123456789";
  public static final String GATE_TOKEN = "acme-gate-token-0123456789";

  /** A second web user (role reviewer), whose session others must not end. */
  public static final String REVIEWER_TOKEN = "reviewer-token-0123456789";

  public static final String VENDOR = "acme";

  /** The unit file's stop timeout (deploy/systemd/vigie.service TimeoutStopSec). */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  public static final long HEAP_MB = 512;

  /**
   * RSS allowed beyond the heap: metaspace, code cache, thread stacks, SQLite's page cache, the
   * capture ring (4 MiB) and direct buffers. Measured peaks under the attacks of this suite:
   * 126-160 MiB in all (VmHWM), heap included; the margin is for a heap that does fill up.
   */
  public static final long RSS_MARGIN_MB = 448;

  private static final int UDP_PROBE_PORT = 47_999;

  /**
   * What an attack test may change: the descriptor limit of the daemon (0: unchanged), and more
   * {@code api.tokens} entries (YAML flow mappings, one a line, or "").
   */
  public record Options(int maxOpenFiles, String extraTokens) {
    public Options(int maxOpenFiles) {
      this(maxOpenFiles, "");
    }

    public static Options defaults() {
      return new Options(0, "");
    }
  }

  private final Path dir;
  private final Process process;
  private final Path log;
  private final int apiPort;
  private final int metricsPort;
  private final int gatePort;
  private final ServerSocket target;
  private final ExecutorService targetThreads;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private long evidenceAtStart;

  private DaemonUnderTest(
      Path dir,
      Process process,
      Path log,
      int apiPort,
      int metricsPort,
      int gatePort,
      ServerSocket target,
      ExecutorService targetThreads) {
    this.dir = dir;
    this.process = process;
    this.log = log;
    this.apiPort = apiPort;
    this.metricsPort = metricsPort;
    this.gatePort = gatePort;
    this.target = target;
    this.targetThreads = targetThreads;
  }

  /** Null when an abuse test can run here, else why not (for {@code assumeTrue}). */
  public static String unavailable() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!"0".equals(uid)) {
        return "needs root (live capture on lo)";
      }
    } catch (IOException e) {
      return "cannot run id: " + e.getMessage();
    }
    if (!Files.exists(Path.of("/proc/self/status"))) {
      return "needs /proc (RSS)";
    }
    return null;
  }

  public static DaemonUnderTest start(Path dir, Options options) throws Exception {
    Launch l = launch(dir, options);
    DaemonUnderTest d =
        new DaemonUnderTest(
            dir, l.process(), l.log(), l.api(), l.metrics(), l.gate(), l.target(), l.threads());
    try {
      d.awaitReady();
      d.evidenceAtStart = d.evidenceRecords();
    } catch (Throwable t) {
      d.close();
      throw t;
    }
    return d;
  }

  /** The exit code and output of a daemon expected to refuse its site file (bounded: 60 s). */
  public static String[] runExpectingRefusal(Path dir, Options options) throws Exception {
    Launch l = launch(dir, options);
    try {
      if (!l.process().waitFor(60, TimeUnit.SECONDS)) {
        return new String[] {"running", Files.readString(l.log())};
      }
      return new String[] {Integer.toString(l.process().exitValue()), Files.readString(l.log())};
    } finally {
      l.process().destroyForcibly();
      l.target().close();
      l.threads().shutdownNow();
    }
  }

  private record Launch(
      Process process,
      Path log,
      int api,
      int metrics,
      int gate,
      ServerSocket target,
      ExecutorService threads) {}

  private static Launch launch(Path dir, Options options) throws Exception {
    int api = freePort();
    int metrics = freePort();
    int gate = freePort();
    ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ExecutorService threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "abuse-target");
              t.setDaemon(true);
              return t;
            });
    threads.execute(() -> serveTarget(target, threads));
    Path site = dir.resolve("site.yaml");
    Files.writeString(
        site,
        """
        site: { name: abuse }
        networks:
          - { name: cameras, cidr: 10.99.0.0/24 }
        devices:
          - { name: cam-001, address: 10.99.0.1, role: camera }
        vendor:
          name: Acme
          cidrs: [203.0.113.0/24]
        capture:
          interfaces: [lo]
          filter: "udp port %d"
          buffer_bytes: 4194304
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum:
            - { role: town_hall, count: 1 }
        api:
          listen: "127.0.0.1:%d"
          tokens:
            - { name: %s, roles: [vendor], sha256: %s }
            - { name: mayor, roles: [town_hall], sha256: %s }
            - { name: rita, roles: [reviewer], sha256: %s }
            %s
        gate:
          address: 127.0.0.1
          identities:
            - { name: %s, token_sha256: %s }
          listeners:
            - name: ssh
              listen: "127.0.0.1:%d"
              app: ssh
              auth: token
              targets:
                - { name: cam-001, address: 127.0.0.1, port: %d }
        """
            .formatted(
                UDP_PROBE_PORT,
                metrics,
                api,
                VENDOR,
                TokenVerifier.sha256Hex(VENDOR_TOKEN),
                TokenVerifier.sha256Hex(APPROVER_TOKEN),
                TokenVerifier.sha256Hex(REVIEWER_TOKEN),
                String.join("\n    ", options.extraTokens().lines().toList()),
                VENDOR,
                Identities.hashOf(GATE_TOKEN),
                gate,
                target.getLocalPort()));
    List<String> cmd = new ArrayList<>();
    if (options.maxOpenFiles() > 0) {
      cmd.addAll(
          List.of(
              "prlimit",
              "--nofile=" + options.maxOpenFiles() + ":" + options.maxOpenFiles(),
              "--"));
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + HEAP_MB + "m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("vigie.abuse.classpath", System.getProperty("java.class.path")),
            "io.vigie.Main",
            "run",
            "--config",
            site.toString()));
    Path log = dir.resolve("daemon.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Launch(p, log, api, metrics, gate, target, threads);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The camera behind the gate: an SSH banner, then whatever comes is read and dropped. */
  private static void serveTarget(ServerSocket server, ExecutorService threads) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(
            () -> {
              try (s) {
                s.getOutputStream()
                    .write(
                        "SSH-2.0-OpenSSH_9.2 abuse-target\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                  // drain
                }
              } catch (IOException e) {
                // the vendor or the gate went away
              }
            });
      } catch (IOException e) {
        return;
      }
    }
  }

  public int apiPort() {
    return apiPort;
  }

  public int gatePort() {
    return gatePort;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), () -> "vigie run exited: " + logText());
      if (logText().contains("event=ready")) {
        return;
      }
      // Polling the log: the process offers no other signal of readiness.
      Thread.sleep(200);
    }
    throw new AssertionError("vigie run not ready within 90 s:\n" + logText());
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  /** One HTTP exchange with the API/web port, bounded by {@code timeout}. */
  public HttpResponse<String> api(
      String method, String path, String token, String contentType, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String metricsGet(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A sample of {@code /metrics}, by name and label regex ({@code name\{...\}}); 0 when absent. */
  public double metric(String sampleRegex) throws IOException, InterruptedException {
    Matcher m =
        Pattern.compile("(?m)^" + sampleRegex + " ([0-9.eE+-]+)$").matcher(metricsGet("/metrics"));
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  public long evidenceRecords() throws IOException, InterruptedException {
    return (long) metric("vigie_evidence_records_total");
  }

  /** Packets captured on lo so far, from {@code /healthz}. */
  public long capturedPackets() throws IOException, InterruptedException {
    Matcher m = Pattern.compile("\"packets\":([0-9]+)").matcher(metricsGet("/healthz"));
    assertTrue(m.find(), "no packet count in /healthz");
    return Long.parseLong(m.group(1));
  }

  /** Sends UDP probes on lo and waits (bounded) until the capture has counted them. */
  public void probeCapture() throws Exception {
    long before = capturedPackets();
    try (DatagramSocket s = new DatagramSocket()) {
      byte[] b = "probe".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 10; i++) {
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), UDP_PROBE_PORT));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long now = before;
    while (System.nanoTime() < deadline) {
      now = capturedPackets();
      if (now >= before + 10) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "capture stopped counting: " + before + " then " + now + " after 10 probes");
  }

  /** VmHWM and VmRSS of the daemon, in MiB. */
  public long[] memoryMb() throws IOException {
    String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
    return new long[] {kbOf(status, "VmHWM") / 1024, kbOf(status, "VmRSS") / 1024};
  }

  private static long kbOf(String status, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s+([0-9]+) kB").matcher(status);
    assertTrue(m.find(), key + " not in /proc status");
    return Long.parseLong(m.group(1));
  }

  /** The vendor asks for a window on cam-001 by ssh; its id. */
  public String requestWindow() throws Exception {
    String body =
        """
        {"reason":"abuse test maintenance","ticket":"ACME-1","scope":{"devices":["cam-001"],"apps":["ssh"]},"end":"%s"}
        """
            .formatted(Instant.now().plus(Duration.ofHours(2)));
    HttpResponse<String> r =
        api(
            "POST",
            "/api/v1/windows",
            VENDOR_TOKEN,
            "application/json",
            body,
            Duration.ofSeconds(10));
    assertEquals(201, r.statusCode(), r.body());
    Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
    assertTrue(m.find(), r.body());
    return m.group(1);
  }

  /**
   * Logs in on the web page with {@code token}; the session cookie ("name=value"), or null when
   * refused.
   */
  public String webLogin(String token) throws Exception {
    HttpResponse<String> login =
        api(
            "POST",
            "/ui/login",
            null,
            "application/x-www-form-urlencoded",
            "token=" + token,
            Duration.ofSeconds(5));
    if (login.statusCode() != 303) {
      return null;
    }
    String cookie = login.headers().firstValue("Set-Cookie").orElse("");
    int semi = cookie.indexOf(';');
    return semi < 0 ? cookie : cookie.substring(0, semi);
  }

  /**
   * A web login sent from {@code source} (a loopback address of its own), as an attacker on another
   * machine would: the login throttle counts per source, so the approver's own address stays free.
   * The status code, or -1 when the connection failed.
   */
  public int webLoginFrom(String source, String token) {
    String body = "token=" + token;
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", apiPort), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              ("POST /ui/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] head = s.getInputStream().readNBytes(12);
      String status = new String(head, java.nio.charset.StandardCharsets.US_ASCII);
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** A web page fetched with a session cookie. */
  public HttpResponse<String> webGet(String path, String cookie, Duration timeout)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .timeout(timeout)
            .header("Cookie", cookie)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The approver logs in on the web page and approves {@code window} by the API, each within 2 s.
   */
  public void approverLogsInAndApproves(String window) throws Exception {
    HttpResponse<String> login =
        api(
            "POST",
            "/ui/login",
            null,
            "application/x-www-form-urlencoded",
            "token=" + APPROVER_TOKEN,
            Duration.ofSeconds(2));
    assertEquals(303, login.statusCode(), "web login: " + login.body());
    assertTrue(
        login.headers().firstValue("Set-Cookie").orElse("").contains("vigie_session="),
        "a session cookie");
    HttpResponse<String> ok =
        api(
            "POST",
            "/api/v1/windows/" + window + "/approve",
            APPROVER_TOKEN,
            "application/json",
            "{\"reason\":\"approved during the abuse test\"}",
            Duration.ofSeconds(2));
    assertEquals(200, ok.statusCode(), ok.body());
  }

  /** A vendor connection through the gate, from {@code source} (a loopback address). */
  public void vendorThroughGate(String source) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", gatePort), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("VIGIE1 " + GATE_TOKEN + " cam-001\nSSH-2.0-OpenSSH_9.6 vendor\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String got = readUntil(s.getInputStream(), "abuse-target");
      assertTrue(got.startsWith("VIGIE1 OK "), "the gate admitted the vendor: " + got);
    }
  }

  private static String readUntil(InputStream in, String needle) throws IOException {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[512];
    int n;
    while (!sb.toString().contains(needle) && (n = in.read(buf)) >= 0) {
      sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  /**
   * What every attack must leave intact: the process, capture, an approver's login and approval
   * within 2 s, a vendor's way through the gate inside the approved window, evidence growth within
   * {@code maxEvidenceGrowth} records, and memory within the heap plus {@link #RSS_MARGIN_MB}.
   * Returns a one-line summary with the figures, for the test's report.
   */
  public String assertStillServing(String after, long maxEvidenceGrowth) throws Exception {
    assertTrue(process.isAlive(), () -> after + ": the daemon died:\n" + tail());
    probeCapture();
    String window = requestWindow();
    approverLogsInAndApproves(window);
    vendorThroughGate("127.0.0.1");
    long growth = evidenceRecords() - evidenceAtStart;
    assertTrue(
        growth <= maxEvidenceGrowth,
        after + ": evidence grew by " + growth + " records (budget " + maxEvidenceGrowth + ")");
    long[] mem = memoryMb();
    assertTrue(
        mem[0] <= HEAP_MB + RSS_MARGIN_MB,
        after + ": peak RSS " + mem[0] + " MiB over " + HEAP_MB + " + " + RSS_MARGIN_MB);
    return after
        + ": evidence +"
        + growth
        + " records, VmHWM "
        + mem[0]
        + " MiB, VmRSS "
        + mem[1]
        + " MiB";
  }

  /** SIGTERM; the process must be gone within the unit's stop timeout, with exit 0. */
  public Duration assertStopsOnSigterm() throws Exception {
    long t0 = System.nanoTime();
    process.destroy();
    boolean ended = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertTrue(
        ended, () -> "SIGTERM did not stop the daemon within " + STOP_TIMEOUT + ":\n" + tail());
    assertEquals(0, process.exitValue(), this::tail);
    return took;
  }

  public String tail() {
    String s = logText();
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  /** Lines of the daemon's log containing {@code needle}. */
  public long logLines(String needle) {
    return logText().lines().filter(l -> l.contains(needle)).count();
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    target.close();
    targetThreads.shutdownNow();
  }

  public Path dir() {
    return dir;
  }
}
