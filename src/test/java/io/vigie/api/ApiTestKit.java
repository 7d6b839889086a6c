package io.vigie.api;

import io.vigie.config.ApiConfig;
import io.vigie.config.ApprovalConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.journal.BaselineApprovals;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A real API server on loopback for tests: real window service journaling to a temp dir, the
 * in-memory event queries, evidence collected in a list, and one token per role.
 */
public final class ApiTestKit implements AutoCloseable {
  public static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  /** name → token; each principal's token is "tok-" + name. */
  static final Map<String, List<String>> PRINCIPALS =
      Map.of(
          "acme", List.of("vendor"),
          "acme2", List.of("vendor"),
          "mayor", List.of("town_hall"),
          "deputy", List.of("town_hall"),
          "secu", List.of("it_security"),
          "auditor", List.of("reviewer"),
          "root", List.of("admin"));

  static final ApprovalConfig APPROVAL =
      new ApprovalConfig(
          List.of(
              new ApprovalConfig.QuorumRule("town_hall", 1),
              new ApprovalConfig.QuorumRule("it_security", 1)),
          null,
          null,
          null,
          null,
          null);

  final MutableClock clock = new MutableClock(T0);

  /** The approval policy of the window service; a test may change it, then {@link #restart}. */
  ApprovalConfig approval = APPROVAL;

  final InMemoryEventQueries queries = new InMemoryEventQueries();
  final List<EvidenceRecord> evidence = new CopyOnWriteArrayList<>();
  final Path journal;
  final Path dir;

  /** The baseline the camera watch would compare against; starts empty. */
  BaselineHolder baselines;

  BaselineApprovals approvals;
  final ApiConfig config;
  final HttpClient http;
  public ApiServer server;
  JournaledWindowService windows;

  public ApiTestKit(Path dir, ApiConfig.Tls tls) throws IOException {
    this(dir, tls, null);
  }

  ApiTestKit(Path dir, ApiConfig.Tls tls, SSLContext clientSsl) throws IOException {
    HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    if (clientSsl != null) {
      hb.sslContext(clientSsl);
    }
    this.http = hb.build();
    this.dir = dir;
    this.journal = dir.resolve("windows.jsonl");
    this.config =
        new ApiConfig(
            "127.0.0.1:0",
            tls,
            4096,
            PRINCIPALS.entrySet().stream()
                .map(
                    e ->
                        new ApiConfig.Token(
                            e.getKey(), e.getValue(), TokenVerifier.sha256Hex(token(e.getKey()))))
                .toList());
    config.checkRoles(APPROVAL);
    start();
  }

  public static String token(String principal) {
    return "tok-" + principal;
  }

  /** Starts (again) a server, window service and baseline approvals over the same journals. */
  /** Reloads asked through the admin route: odd ones apply, even ones are refused. */
  final java.util.concurrent.atomic.AtomicInteger reloads =
      new java.util.concurrent.atomic.AtomicInteger();

  void start() throws IOException {
    windows =
        new JournaledWindowService(
            approval, new JsonLinesWindowJournal(journal), evidence::add, clock);
    baselines = new BaselineHolder(null, evidence::add);
    approvals =
        new BaselineApprovals(
            dir.resolve("baselines.jsonl"),
            dir.resolve("baseline.accepted.json"),
            baselines,
            evidence::add,
            evidence::contains,
            clock);
    List<Route> extra = new java.util.ArrayList<>(new BaselineRoutes(approvals).routes(config));
    extra.addAll(
        new LegalHoldRoutes(
                new io.vigie.evidence.LegalHoldBook(
                    kinds -> evidence.stream().filter(r -> kinds.contains(r.kind())).toList(),
                    evidence::add,
                    clock))
            .routes());
    extra.addAll(
        new AdminRoutes(
                () ->
                    reloads.incrementAndGet() % 2 == 1
                        ? new AdminRoutes.Result(true, "reloaded site.yaml")
                        : new AdminRoutes.Result(
                            false, "site.yaml:3: vendor.cidrz: unknown key 'cidrz'"))
            .routes());
    server = new ApiServer(config, windows, queries, evidence::add, clock, extra);
    server.start();
  }

  void restart() throws IOException {
    server.close();
    start();
  }

  public URI uri(String pathAndQuery) {
    return URI.create(
        (server.tls() ? "https" : "http") + "://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpResponse<String> get(String principal, String pathAndQuery)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET();
    return send(principal, b);
  }

  HttpResponse<String> post(String principal, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(principal, b);
  }

  HttpResponse<String> send(String principal, HttpRequest.Builder b)
      throws IOException, InterruptedException {
    if (principal != null) {
      b.header("Authorization", "Bearer " + token(principal));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A valid request body for a window on cam-001 over SSH, two hours from now. */
  String windowBody() {
    return "{\"reason\":\"Upgrade cam-001\",\"ticket\":\"ACME-4711\",\"scope\":{\"devices\":[\"cam-001\"],"
        + "\"apps\":[\"ssh\",\"https\"]},\"end\":\""
        + clock.instant().plus(Duration.ofHours(2))
        + "\","
        + "\"expected_changes\":[{\"camera\":\"cam-001\",\"firmware_version\":\"5.7.3\"}]}";
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
