package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.ApiConfig;
import io.vigie.config.ApprovalConfig;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.facts.EvidenceRecord;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 7: identity was the token's name, so one person with two tokens filled two seats
 * of a quorum, and one token could hold the vendor role and an approver role. Now a person counts
 * once, over real HTTP, and the config refuses a vendor that is also an approver.
 */
@Tag("abuse")
class PersonIdentityAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApprovalConfig APPROVAL =
      new ApprovalConfig(
          List.of(
              new ApprovalConfig.QuorumRule("town_hall", 1),
              new ApprovalConfig.QuorumRule("it_security", 1)),
          null,
          null,
          null,
          null,
          null);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
  final List<EvidenceRecord> evidence = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  ApiServer server;

  @BeforeEach
  void start() throws Exception {
    // m.dupont holds two tokens, one per quorum role: still one person, so one seat at most.
    ApiConfig config =
        new ApiConfig(
            "127.0.0.1:0",
            null,
            null,
            List.of(
                token("acme", "vendor", null),
                token("dupont-desk", "town_hall", "m.dupont"),
                token("dupont-phone", "it_security", "m.dupont"),
                token("secu", "it_security", null)));
    config.checkRoles(APPROVAL);
    JournaledWindowService windows =
        new JournaledWindowService(
            APPROVAL,
            new JsonLinesWindowJournal(dir.resolve("windows.jsonl")),
            evidence::add,
            clock);
    windows.persons(config.personByToken());
    server = new ApiServer(config, windows, new InMemoryEventQueries(), evidence::add, clock);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ApiConfig.Token token(String name, String role, String person) {
    return new ApiConfig.Token(name, List.of(role), TokenVerifier.sha256Hex("tok-" + name), person);
  }

  private HttpResponse<String> post(String who, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer tok-" + who)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void twoTokensOfOnePersonMakeOneVote() throws Exception {
    String end = clock.instant().plus(Duration.ofHours(2)).toString();
    HttpResponse<String> req =
        post(
            "acme",
            "/api/v1/windows",
            "{\"reason\":\"Upgrade cam-001\",\"ticket\":\"A-1\","
                + "\"scope\":{\"devices\":[\"cam-001\"],\"apps\":[\"ssh\"]},\"end\":\""
                + end
                + "\"}");
    assertEquals(201, req.statusCode(), req.body());
    String id = JSON.readTree(req.body()).get("id").asText();

    HttpResponse<String> first = post("dupont-desk", "/api/v1/windows/" + id + "/approve", "{}");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("requested", JSON.readTree(first.body()).get("state").asText());

    HttpResponse<String> second = post("dupont-phone", "/api/v1/windows/" + id + "/approve", "{}");
    assertEquals(
        409,
        second.statusCode(),
        "the same person's second token is not a second approver: " + second.body());
    assertTrue(second.body().contains("m.dupont"), second.body());

    HttpResponse<String> other = post("secu", "/api/v1/windows/" + id + "/approve", "{}");
    assertEquals(200, other.statusCode(), other.body());
    assertEquals(
        "active",
        JSON.readTree(other.body()).get("state").asText(),
        "a second person fills the quorum");
  }

  @Test
  void aPersonMayNotApproveWhatTheyRequestedThroughAnotherToken() throws Exception {
    // Anyone may request here (no requester_roles): m.dupont asks with one token, approves with the
    // other.
    JournaledWindowService service =
        new JournaledWindowService(
            APPROVAL, io.vigie.policy.WindowJournal.NONE, evidence::add, clock);
    service.persons(java.util.Map.of("dupont-desk", "m.dupont", "dupont-phone", "m.dupont"));
    io.vigie.policy.Window w =
        service.request(
            new io.vigie.policy.WindowRequest(
                "Move cam-001",
                "T-2",
                new io.vigie.policy.Scope(
                    List.of("cam-001"), List.of(), List.of(), List.of(io.vigie.net.App.SSH)),
                null,
                clock.instant().plus(Duration.ofHours(1)),
                List.of()),
            new io.vigie.policy.Actor("dupont-desk", java.util.Set.of("town_hall")));
    io.vigie.policy.PolicyException e =
        assertThrows(
            io.vigie.policy.PolicyException.class,
            () ->
                service.approve(
                    w.id(),
                    new io.vigie.policy.Actor("dupont-phone", java.util.Set.of("it_security")),
                    "ok"));
    assertEquals(io.vigie.policy.PolicyException.Kind.FORBIDDEN, e.kind());
    assertTrue(e.getMessage().contains("m.dupont"), e.getMessage());
    assertEquals(0, service.get(w.id()).orElseThrow().approvals().size());
  }

  private static String refused(String yaml) {
    return assertThrows(
            ConfigException.class,
            () ->
                YamlLoader.parse(
                    "site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class))
        .getMessage();
  }

  @Test
  void aVendorThatIsAlsoAnApproverIsRefusedAtLoad() {
    String oneToken =
        refused(
            """
        approval:
          quorum: [ { role: town_hall } ]
        api:
          tokens:
            - { name: m.dupont, roles: [town_hall], sha256: %s }
            - { name: acme, roles: [vendor, town_hall], sha256: %s }
        """
                .formatted("a".repeat(64), "b".repeat(64)));
    assertTrue(oneToken.startsWith("site.yaml:6:"), oneToken);
    assertTrue(oneToken.contains("api.tokens[1]"), oneToken);
    assertTrue(
        oneToken.contains("vendor role together with the approver role 'town_hall'"), oneToken);

    String onePerson =
        refused(
            """
        approval:
          quorum: [ { role: town_hall } ]
        api:
          tokens:
            - { name: acme, roles: [vendor], sha256: %s }
            - { name: acme-boss, person: acme, roles: [town_hall], sha256: %s }
        """
                .formatted("a".repeat(64), "b".repeat(64)));
    assertTrue(onePerson.startsWith("site.yaml:"), onePerson);
    assertTrue(
        onePerson.contains(
            "person 'acme' (token 'acme-boss') holds the vendor role together with the"
                + " approver role 'town_hall'"),
        onePerson);
  }
}
