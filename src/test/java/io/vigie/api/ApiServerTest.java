package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigie.config.ApprovalConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.SessionDetails;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on loopback: every endpoint, every role, bad input, restart. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String W = ApiPaths.WINDOWS;

  @TempDir Path dir;
  ApiTestKit kit;

  @BeforeEach
  void start() throws Exception {
    kit = new ApiTestKit(dir, null);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String requestWindow() throws Exception {
    HttpResponse<String> r = kit.post("acme", W, kit.windowBody());
    assertEquals(201, r.statusCode(), r.body());
    return json(r).path("id").asText();
  }

  /** Asserts a JSON error with this status naming this field. */
  private static void assertError(int status, String field, HttpResponse<String> r)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonNode e = json(r);
    assertFalse(e.path("error").asText().isEmpty(), r.body());
    if (field != null) {
      assertEquals(field, e.path("field").asText(), r.body());
    }
    assertFalse(
        r.body().contains("Exception") || r.body().contains("\tat "),
        "no stack trace: " + r.body());
  }

  @Test
  void healthAndOpenApiArePublicAndTheDescriptionCoversEveryRoute() throws Exception {
    HttpResponse<String> h = kit.get(null, ApiPaths.HEALTH);
    assertEquals(200, h.statusCode());
    assertEquals("ok", json(h).path("status").asText());
    HttpResponse<String> o = kit.get(null, ApiPaths.OPENAPI);
    assertEquals(200, o.statusCode());
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(o.body());
    assertEquals("3.0.3", doc.path("openapi").asText());
    for (Route r : kit.server.routes()) {
      JsonNode op = doc.path("paths").path(r.pattern()).path(r.method().name().toLowerCase());
      assertFalse(op.isMissingNode(), "openapi.yaml lacks " + r.method() + " " + r.pattern());
      boolean documentedPublic = op.has("security") && op.path("security").isEmpty();
      assertEquals(r.isPublic(), documentedPublic, r.pattern());
    }
    int documented = 0;
    for (JsonNode p : doc.path("paths")) {
      documented += p.size();
    }
    assertEquals(
        kit.server.routes().size(), documented, "openapi.yaml documents routes that do not exist");

    // The Session schema lists exactly the keys the one serialiser writes, in its order.
    long t0 = ApiTestKit.T0.getEpochSecond() * 1_000_000_000L;
    List<String> written = new ArrayList<>();
    new ObjectMapper()
        .readTree(ApiJson.write(session(t0, App.SSH, "cam-001", null)))
        .fieldNames()
        .forEachRemaining(written::add);
    List<String> described = new ArrayList<>();
    doc.path("components")
        .path("schemas")
        .path("Session")
        .path("properties")
        .fieldNames()
        .forEachRemaining(described::add);
    assertEquals(written, described);
  }

  @Test
  void everyProtectedRouteWantsAValidToken() throws Exception {
    for (Route r : kit.server.routes()) {
      if (r.isPublic()) {
        continue;
      }
      String path = r.pattern().replace("{id}", "W-20261123-001");
      HttpRequest.Builder none =
          HttpRequest.newBuilder(kit.uri(path))
              .method(r.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
      HttpResponse<String> missing = kit.send(null, none);
      assertError(401, "Authorization", missing);
      assertEquals(
          "Bearer realm=\"vigie\"", missing.headers().firstValue("www-authenticate").orElse(""));
      HttpRequest.Builder wrong =
          HttpRequest.newBuilder(kit.uri(path))
              .method(r.method().name(), HttpRequest.BodyPublishers.ofString("{}"))
              .header("Authorization", "Bearer tok-nobody");
      HttpResponse<String> bad = kit.http.send(wrong.build(), HttpResponse.BodyHandlers.ofString());
      assertError(401, "Authorization", bad);
      assertTrue(bad.headers().firstValue("www-authenticate").orElse("").contains("invalid_token"));
      HttpRequest.Builder basic =
          HttpRequest.newBuilder(kit.uri(path))
              .method(r.method().name(), HttpRequest.BodyPublishers.ofString("{}"))
              .header("Authorization", "Basic dG9rLWFjbWU=");
      assertError(
          401, "Authorization", kit.http.send(basic.build(), HttpResponse.BodyHandlers.ofString()));
    }
    // A wrong token is refused even on a public path.
    assertError(
        401,
        "Authorization",
        kit.http.send(
            HttpRequest.newBuilder(kit.uri(ApiPaths.HEALTH))
                .header("Authorization", "Bearer nope")
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void rolesDecideWhoMayCallWhat() throws Exception {
    String id = requestWindow();
    Set<String> vendorOnly = Set.of("acme", "acme2");
    Set<String> approvers = Set.of("mayor", "deputy", "secu");
    record Case(String method, String path, Set<String> allowed) {}
    List<Case> cases =
        List.of(
            new Case("POST", W, vendorOnly),
            new Case("GET", W, ApiTestKit.PRINCIPALS.keySet()),
            new Case("GET", W + "/" + id, ApiTestKit.PRINCIPALS.keySet()),
            new Case("POST", W + "/" + id + "/approve", approvers),
            new Case("POST", W + "/" + id + "/reject", approvers),
            new Case(
                "POST",
                W + "/" + id + "/revoke",
                Set.of("mayor", "deputy", "secu", "acme", "acme2")),
            new Case("GET", ApiPaths.NOTICES, Set.of("mayor", "deputy", "secu", "auditor", "root")),
            new Case(
                "GET", ApiPaths.SESSIONS, Set.of("mayor", "deputy", "secu", "auditor", "root")),
            new Case("POST", ApiPaths.BASELINES, Set.of("mayor", "deputy", "secu", "root")),
            new Case(
                "GET", ApiPaths.BASELINES, Set.of("mayor", "deputy", "secu", "auditor", "root")),
            new Case(
                "GET",
                ApiPaths.BASELINES + "/B-20261123-001",
                Set.of("mayor", "deputy", "secu", "auditor", "root")),
            new Case("POST", ApiPaths.BASELINES + "/B-20261123-001/approve", approvers));
    for (Case c : cases) {
      for (String who : ApiTestKit.PRINCIPALS.keySet()) {
        // An invalid body: allowed callers get past the role check and stop at validation (400),
        // so the matrix changes no window.
        HttpRequest.Builder b =
            HttpRequest.newBuilder(kit.uri(c.path() + (c.method().equals("GET") ? "?limit=0" : "")))
                .method(c.method(), HttpRequest.BodyPublishers.ofString("{\"nope\":1}"));
        HttpResponse<String> r = kit.send(who, b);
        if (c.allowed().contains(who)) {
          assertNotEquals(403, r.statusCode(), who + " " + c + ": " + r.body());
          assertNotEquals(401, r.statusCode(), who + " " + c + ": " + r.body());
        } else {
          assertError(403, null, r);
          assertTrue(json(r).path("error").asText().contains(who), r.body());
        }
      }
    }
  }

  @Test
  void windowLifecycleThroughTheApi() throws Exception {
    HttpResponse<String> created = kit.post("acme", W, kit.windowBody());
    assertEquals(201, created.statusCode(), created.body());
    JsonNode w = json(created);
    String id = w.path("id").asText();
    assertEquals("requested", w.path("state").asText());
    assertEquals("acme", w.path("requester").asText(), "requester is the token's principal");
    assertEquals("[\"ssh\",\"tls\"]", w.path("scope").path("apps").toString());
    assertEquals("5.7.3", w.path("expected_changes").get(0).path("firmware_version").asText());

    JsonNode list = json(kit.get("auditor", W));
    assertEquals(1, list.path("windows").size());
    assertEquals(id, list.path("windows").get(0).path("id").asText());
    assertEquals(0, json(kit.get("auditor", W + "?state=approved")).path("windows").size());

    kit.clock.advance(Duration.ofMinutes(1));
    JsonNode half =
        json(kit.post("mayor", W + "/" + id + "/approve", "{\"reason\":\"OK mairie\"}"));
    assertEquals("requested", half.path("state").asText(), "the quorum needs it_security too");
    assertError(409, null, kit.post("mayor", W + "/" + id + "/approve", ""));
    HttpResponse<String> done = kit.post("secu", W + "/" + id + "/approve", "");
    assertEquals(200, done.statusCode(), done.body());
    assertEquals("active", json(done).path("state").asText());
    assertEquals(1, json(kit.get("acme", W + "?state=active")).path("windows").size());

    JsonNode shown = json(kit.get("acme", W + "/" + id));
    List<String> types = new ArrayList<>();
    shown.path("events").forEach(e -> types.add(e.path("type").asText()));
    assertEquals(List.of("requested", "approval", "approval", "approved"), types);
    assertEquals("OK mairie", shown.path("events").get(1).path("reason").asText());

    assertError(
        409, null, kit.post("mayor", W + "/" + id + "/reject", "{\"reason\":\"too late\"}"));
    assertError(
        403, "roles", kit.post("acme2", W + "/" + id + "/revoke", "{\"reason\":\"not mine\"}"));
    HttpResponse<String> revoked =
        kit.post("acme", W + "/" + id + "/revoke", "{\"reason\":\"done early\"}");
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertEquals("revoked", json(revoked).path("state").asText());
    assertError(409, null, kit.post("secu", W + "/" + id + "/revoke", "{\"reason\":\"again\"}"));

    String second = requestWindow();
    HttpResponse<String> rejected =
        kit.post("secu", W + "/" + second + "/reject", "{\"reason\":\"no ticket\"}");
    assertEquals("rejected", json(rejected).path("state").asText());
  }

  @Test
  void unknownWindowIs404() throws Exception {
    assertError(404, "id", kit.get("acme", W + "/W-19990101-001"));
    assertError(404, "id", kit.post("mayor", W + "/W-19990101-001/approve", ""));
    assertError(404, "id", kit.post("mayor", W + "/W-19990101-001/reject", "{\"reason\":\"x\"}"));
    assertError(404, "id", kit.post("mayor", W + "/W-19990101-001/revoke", "{\"reason\":\"x\"}"));
    assertError(404, "path", kit.get("acme", "/api/v1/nothing"));
    assertError(
        405, "method", kit.send("acme", HttpRequest.newBuilder(kit.uri(W + "/x")).DELETE()));
  }

  @Test
  void badWindowRequestsNameTheField() throws Exception {
    String end = "\"" + kit.clock.instant().plus(Duration.ofHours(2)) + "\"";
    String scope = "\"scope\":{\"devices\":[\"cam-001\"],\"apps\":[\"ssh\"]}";
    String[][] cases = {
      {"{\"reason\":\"r\",\"ticket\":\"t\"," + scope, "body"},
      {"[1,2]", "body"},
      {"", "body"},
      {
        "{\"reason\":\"r\",\"ticket\":\"t\"," + scope + ",\"end\":" + end + ",\"colour\":\"red\"}",
        "colour"
      },
      {"{\"ticket\":\"t\"," + scope + ",\"end\":" + end + "}", "reason"},
      {"{\"reason\":\"r\"," + scope + ",\"end\":" + end + "}", "ticket"},
      {"{\"reason\":\"r\",\"ticket\":\"t\",\"end\":" + end + "}", "scope"},
      {"{\"reason\":\"r\",\"ticket\":\"t\"," + scope + "}", "end"},
      {"{\"reason\":\"r\",\"ticket\":\"t\"," + scope + ",\"end\":\"tomorrow\"}", "end"},
      {"{\"reason\":42,\"ticket\":\"t\"," + scope + ",\"end\":" + end + "}", "reason"},
      {"{\"reason\":\"  \",\"ticket\":\"t\"," + scope + ",\"end\":" + end + "}", "reason"},
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"devices\":[\"cam-001\"],\"apps\":[\"gopher\"]},\"end\":"
            + end
            + "}",
        "scope.apps"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"devices\":[\"cam-001\"]},\"end\":"
            + end
            + "}",
        "scope.apps"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"apps\":[\"ssh\"]},\"end\":" + end + "}",
        "scope.devices"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"devices\":\"cam-001\",\"apps\":[\"ssh\"]},\"end\":"
            + end
            + "}",
        "scope.devices"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"devices\":[\"cam-001\"],\"apps\":[\"ssh\"],\"vlan\":3},\"end\":"
            + end
            + "}",
        "scope.vlan"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\",\"scope\":{\"subnets\":[\"10.0.0.0/99\"],\"apps\":[\"ssh\"]},\"end\":"
            + end
            + "}",
        "scope.subnets[0]"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\","
            + scope
            + ",\"end\":"
            + end
            + ",\"expected_changes\":[{\"camera\":\"cam-001\"}]}",
        "expected_changes[0]"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\","
            + scope
            + ",\"end\":"
            + end
            + ",\"expected_changes\":[{\"camera\":\"cam-001\",\"image_sha256\":\"abc\"}]}",
        "expected_changes[0].image_sha256"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\","
            + scope
            + ",\"end\":"
            + end
            + ",\"expected_changes\":[{\"cam\":\"cam-001\"}]}",
        "expected_changes[0].cam"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\","
            + scope
            + ",\"end\":\""
            + kit.clock.instant().minusSeconds(60)
            + "\"}",
        "end"
      },
      {
        "{\"reason\":\"r\",\"ticket\":\"t\","
            + scope
            + ",\"end\":\""
            + kit.clock.instant().plus(Duration.ofDays(2))
            + "\"}",
        "end"
      },
    };
    for (String[] c : cases) {
      assertError(400, c[1], kit.post("acme", W, c[0]));
    }
    assertEquals(0, kit.windows.list().size(), "no bad request made a window");
  }

  @Test
  void anApprovalOutsideApproverHoursIs403NamingTheField() throws Exception {
    // 2026-11-23 is a Monday: approvers may only decide on Saturdays.
    kit.approval =
        new ApprovalConfig(
            ApiTestKit.APPROVAL.quorum(),
            null,
            new ApprovalConfig.ApproverHours(
                java.util.List.of("sat"), "08:00", "19:00", "Europe/Paris"),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    kit.restart();
    String id = requestWindow();
    HttpResponse<String> r = kit.post("mayor", W + "/" + id + "/approve", "{}");
    assertError(403, "roles", r);
    assertTrue(json(r).path("error").asText().contains("approver hours"), r.body());
  }

  @Test
  void badStepsAndQueriesNameTheField() throws Exception {
    String id = requestWindow();
    assertError(400, "reason", kit.post("mayor", W + "/" + id + "/reject", "{}"));
    assertError(400, "reason", kit.post("mayor", W + "/" + id + "/revoke", "{\"reason\":\"\"}"));
    assertError(400, "body", kit.post("mayor", W + "/" + id + "/revoke", "{\"reason\":"));
    assertError(400, "why", kit.post("mayor", W + "/" + id + "/approve", "{\"why\":\"x\"}"));
    assertError(403, null, kit.post("acme", W + "/" + id + "/approve", "{}"));
    assertError(400, "state", kit.get("acme", W + "?state=open"));
    assertError(400, "sort", kit.get("acme", W + "?sort=id"));
    assertError(400, "verbose", kit.get("acme", W + "/" + id + "?verbose=1"));
    assertError(400, "limit", kit.get("auditor", ApiPaths.NOTICES + "?limit=0"));
    assertError(400, "limit", kit.get("auditor", ApiPaths.NOTICES + "?limit=1001"));
    assertError(400, "limit", kit.get("auditor", ApiPaths.SESSIONS + "?limit=ten"));
    assertError(400, "from", kit.get("auditor", ApiPaths.NOTICES + "?from=yesterday"));
    assertError(
        400,
        "to",
        kit.get(
            "auditor", ApiPaths.SESSIONS + "?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z"));
    assertError(400, "app", kit.get("auditor", ApiPaths.SESSIONS + "?app=gopher"));
    assertError(400, "app", kit.get("auditor", ApiPaths.NOTICES + "?app=ssh"));
    assertError(400, "type", kit.get("auditor", ApiPaths.SESSIONS + "?type=x"));
    assertError(400, "device", kit.get("auditor", ApiPaths.SESSIONS + "?device="));
    assertError(400, "window", kit.get("auditor", ApiPaths.NOTICES + "?window=a&window=b"));
    assertEquals(
        1, kit.windows.get(id).orElseThrow().events().size(), "no refused step was recorded");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String big = "{\"reason\":\"" + "x".repeat(5000) + "\"}";
    assertError(413, "body", kit.post("acme", W, big));
    // As curl sends big bodies: announced with Expect: 100-continue, refused before sending.
    // (A raw socket: JDK 17's HttpClient waits forever when the answer is not 100, JDK-8286171.)
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", kit.server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("POST "
                      + W
                      + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-acme\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      StringBuilder sb = new StringBuilder();
      byte[] buf = new byte[512];
      int n;
      while (sb.indexOf("}") < 0 && (n = s.getInputStream().read(buf)) > 0) {
        sb.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      String answer = sb.toString();
      assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
      assertTrue(answer.contains("\"field\":\"body\""), answer);
    }
    assertEquals(200, kit.get(null, ApiPaths.HEALTH).statusCode(), "server still serves");
  }

  @Test
  void pipelinedRequestsAreEachServedAndAuditedAsTheirOwnCaller() throws Exception {
    // Three requests in one write: a vendor may not read notices, the reviewer may, no token is
    // 401. Each must get its own answer, in order, whatever the first one's caller was.
    String req = "GET " + ApiPaths.NOTICES + " HTTP/1.1\r\nHost: x\r\n";
    String three =
        req
            + "Authorization: Bearer tok-acme\r\n\r\n"
            + req
            + "Authorization: Bearer tok-auditor\r\n\r\n"
            + req
            + "\r\n";
    List<Integer> codes = new ArrayList<>();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", kit.server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(three.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      java.io.InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        codes.add(readResponseStatus(in));
      }
    }
    assertEquals(List.of(403, 200, 401), codes);
    List<String> callers =
        kit.evidence.stream()
            .filter(r -> r.kind().equals("api_action"))
            .filter(r -> ApiPaths.NOTICES.equals(r.fields().get("path")))
            .map(r -> String.valueOf(r.fields().get("principal")))
            .toList();
    assertEquals(List.of("auditor"), callers, "refused calls get no record each");
    kit.server.close();
    List<EvidenceRecord> counted =
        kit.evidence.stream().filter(r -> r.kind().equals(RefusalLedger.KIND)).toList();
    assertEquals(1, counted.size(), "but are counted, one record per source and minute");
    assertEquals(
        java.util.Map.of("403 api", 1, "401 api", 1), counted.get(0).fields().get("by_status"));
  }

  @Test
  void aMalformedPercentEscapeIs400NamingTheUrl() throws Exception {
    for (String bad : List.of(W + "/%zz", W + "?state=%zz")) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", kit.server.port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                ("GET " + bad + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-auditor\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String answer =
            new String(
                s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 400", answer, bad);
      }
    }
    assertEquals(200, kit.get(null, ApiPaths.HEALTH).statusCode(), "server still serves");
  }

  /**
   * Reads one HTTP/1.1 response (status line, headers, Content-Length body); returns its status.
   */
  private static int readResponseStatus(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(head.substring(9, 12));
  }

  @Test
  void noticesAndSessionsAreFilteredOffTheEventLoop() throws Exception {
    long t0 = ApiTestKit.T0.getEpochSecond() * 1_000_000_000L;
    kit.queries.notices.add(
        new Notice(
            t0,
            "vendor_access_outside_window",
            Severity.HIGH,
            "n1",
            "1:abc",
            "Acme reached cam-001 over SSH without a window",
            null,
            "cam-001"));
    kit.queries.notices.add(
        new Notice(
            t0 + 60_000_000_000L,
            "firmware_changed",
            Severity.WARNING,
            "n2",
            null,
            "cam-002 firmware changed",
            "W-20261123-001",
            "cam-002"));
    kit.queries.sessions.add(session(t0, App.SSH, "cam-001", null));
    kit.queries.sessions.add(session(t0 + 10_000_000_000L, App.TLS, "cam-002", "W-20261123-001"));

    JsonNode all = json(kit.get("auditor", ApiPaths.NOTICES));
    assertEquals(2, all.path("notices").size());
    assertEquals("n2", all.path("notices").get(0).path("id").asText(), "newest first");
    assertEquals("warning", all.path("notices").get(0).path("severity").asText());
    assertEquals(
        "n1",
        json(kit.get("root", ApiPaths.NOTICES + "?type=vendor_access_outside_window"))
            .path("notices")
            .get(0)
            .path("id")
            .asText());
    assertEquals(
        1,
        json(kit.get("mayor", ApiPaths.NOTICES + "?device=cam-002&window=W-20261123-001"))
            .path("notices")
            .size());
    assertEquals(
        1,
        json(kit.get("auditor", ApiPaths.NOTICES + "?from=2026-11-23T08:00:30Z"))
            .path("notices")
            .size());
    assertEquals(
        1,
        json(kit.get("auditor", ApiPaths.NOTICES + "?to=2026-11-23T08:00:30Z"))
            .path("notices")
            .size());
    assertEquals(1, json(kit.get("auditor", ApiPaths.NOTICES + "?limit=1")).path("notices").size());

    JsonNode ssh = json(kit.get("auditor", ApiPaths.SESSIONS + "?app=ssh"));
    assertEquals(1, ssh.path("sessions").size());
    assertEquals("ssh", ssh.path("sessions").get(0).path("app").asText());
    assertEquals("outbound", ssh.path("sessions").get(0).path("direction").asText());
    // The names and units of replay --json: flat fields, RFC 3339 ts, every key present.
    JsonNode first = ssh.path("sessions").get(0);
    assertEquals("session", first.path("type").asText());
    assertEquals("2026-11-23T08:00:00.000000Z", first.path("ts").asText());
    assertEquals(5.0, first.path("duration").asDouble());
    assertTrue(first.has("sni") && first.path("sni").isNull(), first.toString());
    assertFalse(first.has("start_nanos") || first.has("details"), first.toString());
    assertEquals("2026-11-23T08:01:00.000000Z", all.path("notices").get(0).path("ts").asText());
    assertFalse(all.path("notices").get(0).has("ts_nanos"));
    assertEquals(
        1, json(kit.get("auditor", ApiPaths.SESSIONS + "?device=cam-002")).path("sessions").size());
    assertEquals(
        1,
        json(kit.get("auditor", ApiPaths.SESSIONS + "?window=W-20261123-001"))
            .path("sessions")
            .size());
    assertEquals(
        2,
        json(kit.get("auditor", ApiPaths.SESSIONS + "?device=203.0.113.10"))
            .path("sessions")
            .size());

    assertFalse(kit.queries.threads.isEmpty());
    for (String t : kit.queries.threads) {
      assertTrue(t.startsWith("vigie-api-worker"), "query ran on " + t);
    }
  }

  @Test
  void aCredentialInARequestTargetNeverReachesTheApi() throws Exception {
    long t0 = ApiTestKit.T0.getEpochSecond() * 1_000_000_000L;
    Session s = session(t0, App.HTTP, "cam-001", null);
    kit.queries.sessions.add(
        new Session(
            s.startNanos(),
            s.endNanos(),
            "tcp",
            s.origH(),
            s.origP(),
            s.respH(),
            80,
            s.communityId(),
            App.HTTP,
            1,
            1,
            1,
            1,
            Direction.OUTBOUND,
            true,
            null,
            null,
            "fin",
            SessionDetails.of(
                new HttpDetails(
                    "GET", "cam-001", "http://admin:hunter2@cam-001/fw.bin", null, null)),
            null,
            null));
    HttpResponse<String> r = kit.get("auditor", ApiPaths.SESSIONS + "?app=http");
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("hunter2"), r.body());
    assertEquals(
        "http://cam-001/fw.bin", json(r).path("sessions").get(0).path("http_uri").asText());
  }

  private static Session session(long start, App app, String device, String window) {
    return new Session(
        start,
        start + 5_000_000_000L,
        "tcp",
        "10.20.1.1",
        50000,
        "203.0.113.10",
        22,
        "1:x" + start,
        app,
        100,
        200,
        3,
        4,
        Direction.OUTBOUND,
        true,
        device,
        "support.acme.example",
        "fin",
        null,
        null,
        window);
  }

  @Test
  void everyCallIsAuditedWithoutItsToken() throws Exception {
    String id = requestWindow();
    kit.post("mayor", W + "/" + id + "/approve", "{\"reason\":\"fine\"}");
    kit.get(null, W);
    kit.get(null, ApiPaths.HEALTH);
    List<EvidenceRecord> api =
        kit.evidence.stream().filter(r -> r.kind().equals("api_action")).toList();
    // Records are appended when the response is written, which the client may see first.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (api.size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      api = kit.evidence.stream().filter(r -> r.kind().equals("api_action")).toList();
    }
    kit.server.close();
    api = kit.evidence.stream().filter(r -> r.kind().equals("api_action")).toList();
    assertEquals(
        2, api.size(), "request and approve; not the refused list nor the health probe: " + api);
    assertEquals("acme", api.get(0).subject());
    assertEquals("POST", api.get(0).fields().get("method"));
    assertEquals(W, api.get(0).fields().get("path"));
    assertEquals(201, api.get(0).fields().get("status"));
    assertEquals("mayor", api.get(1).fields().get("principal"));
    // The refused list is counted in its source's minute, with neither path nor query.
    EvidenceRecord refused =
        kit.evidence.stream()
            .filter(r -> r.kind().equals(RefusalLedger.KIND))
            .findFirst()
            .orElseThrow();
    assertEquals(java.util.Map.of("401 api", 1), refused.fields().get("by_status"));
    assertEquals("127.0.0.1", refused.fields().get("source"));
    for (EvidenceRecord r : kit.evidence) {
      assertFalse(r.toString().contains("tok-"), "a token reached the evidence: " + r);
    }
  }

  /**
   * Issue 16: a reviewer puts a case under a legal hold; the vendor cannot; each step is a record.
   */
  @Test
  void legalHoldsArePlacedListedAndReleasedByReviewersAsRecords() throws Exception {
    String hold =
        "{\"case\":\"PV-2026-0412\",\"window\":\"W-20261123-001\",\"from\":\"2026-11-23T00:00:00Z\","
            + "\"reason\":\"requisition of 2026-11-30\"}";
    assertEquals(403, kit.post("acme", ApiPaths.LEGAL_HOLDS, hold).statusCode(), "not the vendor");
    assertEquals(
        403, kit.post("mayor", ApiPaths.LEGAL_HOLDS, hold).statusCode(), "not an approver");
    HttpResponse<String> placed = kit.post("auditor", ApiPaths.LEGAL_HOLDS, hold);
    assertEquals(201, placed.statusCode(), placed.body());
    assertEquals(
        409, kit.post("root", ApiPaths.LEGAL_HOLDS, hold).statusCode(), "one hold per case");
    assertEquals(
        400,
        kit.post("auditor", ApiPaths.LEGAL_HOLDS, "{\"case\":\"PV-2\",\"reason\":\"everything\"}")
            .statusCode(),
        "a hold names what it keeps");
    HttpResponse<String> list = kit.get("root", ApiPaths.LEGAL_HOLDS);
    assertEquals(200, list.statusCode());
    JsonNode holds = JSON.readTree(list.body()).path("legal_holds");
    assertEquals(1, holds.size(), list.body());
    assertEquals("auditor", holds.get(0).path("by").asText());
    assertEquals("W-20261123-001", holds.get(0).path("window").asText());
    EvidenceRecord rec =
        kit.evidence.stream().filter(r -> r.kind().equals("legal_hold")).findFirst().orElseThrow();
    assertEquals("PV-2026-0412", rec.subject());
    assertEquals("auditor", rec.fields().get("by"));
    assertEquals(1_795_392_000_000_000_000L, ((Number) rec.fields().get("from")).longValue());
    assertEquals(
        404,
        kit.post("auditor", ApiPaths.LEGAL_HOLDS + "/PV-0/release", "{\"reason\":\"x\"}")
            .statusCode());
    assertEquals(
        200,
        kit.post(
                "auditor",
                ApiPaths.LEGAL_HOLDS + "/PV-2026-0412/release",
                "{\"reason\":\"procedure closed\"}")
            .statusCode());
    assertEquals(
        0,
        JSON.readTree(kit.get("auditor", ApiPaths.LEGAL_HOLDS).body()).path("legal_holds").size());
    assertTrue(
        kit.evidence.stream()
            .anyMatch(
                r -> r.kind().equals("legal_hold_released") && "PV-2026-0412".equals(r.subject())));
  }

  /** Issue 16: a refused call's query string (a token pasted in the URL) is not kept forever. */
  @Test
  void aRefusedCallsQueryStringIsNotKept() throws Exception {
    kit.get(null, W + "?access_token=tok-stolen-from-a-url");
    kit.get("mayor", W + "?state=active");
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<EvidenceRecord> api = List.of();
    while (api.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      api = kit.evidence.stream().filter(r -> r.kind().equals("api_action")).toList();
    }
    // The refused call gets no record of its own (it is counted per source and minute, without
    // path or query); the authenticated one keeps its query.
    assertEquals(1, api.size(), api.toString());
    assertEquals("mayor", api.get(0).fields().get("principal"));
    assertEquals(
        "state=active", api.get(0).fields().get("query"), "an authenticated call keeps its query");
    for (EvidenceRecord r : kit.evidence) {
      assertFalse(r.toString().contains("tok-stolen"), "a token reached the evidence: " + r);
    }

    // An authenticated call to an authentication endpoint: recorded, its query string never.
    kit.get("mayor", "/api/v1/login?password=hunter2-in-a-url");
    List<EvidenceRecord> login = List.of();
    deadline = System.nanoTime() + 5_000_000_000L;
    while (login.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      login =
          kit.evidence.stream()
              .filter(r -> r.kind().equals("api_action"))
              .filter(r -> "/api/v1/login".equals(r.fields().get("path")))
              .toList();
    }
    assertEquals(1, login.size(), kit.evidence.toString());
    assertEquals(true, login.get(0).fields().get("query_withheld"), login.toString());
    assertFalse(login.get(0).fields().containsKey("query"), login.toString());
    for (EvidenceRecord r : kit.evidence) {
      assertFalse(r.toString().contains("hunter2"), "a password reached the evidence: " + r);
    }
  }

  @Test
  void windowsSurviveARestart() throws Exception {
    String id = requestWindow();
    kit.post("mayor", W + "/" + id + "/approve", "{\"reason\":\"ok\"}");
    int oldPort = kit.server.port();
    kit.restart();
    assertTrue(kit.server.port() > 0);
    JsonNode w = json(kit.get("auditor", W + "/" + id));
    assertEquals("requested", w.path("state").asText());
    assertEquals(2, w.path("events").size());
    assertEquals("mayor", w.path("events").get(1).path("who").asText());
    HttpResponse<String> done = kit.post("secu", W + "/" + id + "/approve", "");
    assertEquals(
        "active",
        json(done).path("state").asText(),
        "approval continues after restart (port was " + oldPort + ")");
  }

  @Test
  void serverThreadsAreNamed() throws Exception {
    kit.get("acme", W);
    Set<String> names = new java.util.HashSet<>();
    Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vigie-api-accept")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vigie-api-io")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vigie-api-worker")), names.toString());
  }

  @Test
  void garbageGetsA4xxAndTheServerCarriesOn() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", kit.server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("HELLO\u0000THERE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))
              .readLine();
      assertTrue(status != null && status.startsWith("HTTP/1.1 400 "), String.valueOf(status));
    }
    assertEquals(200, kit.get(null, ApiPaths.HEALTH).statusCode());
  }

  @Test
  void aTakenPortFailsStartNamingTheListenAddress() throws Exception {
    io.vigie.config.ApiConfig same =
        new io.vigie.config.ApiConfig("127.0.0.1:" + kit.server.port(), null, null, null);
    try (ApiServer second = new ApiServer(same, kit.windows, kit.queries, r -> {}, kit.clock)) {
      java.io.IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, second::start);
      assertTrue(
          e.getMessage().startsWith("api.listen 127.0.0.1:" + kit.server.port()), e.getMessage());
    }
  }

  @Test
  void withoutApproverTokensApprovalIsClosedNotOpen() throws Exception {
    io.vigie.config.ApiConfig vendorsOnly =
        new io.vigie.config.ApiConfig(
            "127.0.0.1:0",
            null,
            null,
            List.of(
                new io.vigie.config.ApiConfig.Token(
                    "acme", List.of("vendor"), TokenVerifier.sha256Hex("tok-acme"))));
    try (ApiServer s = new ApiServer(vendorsOnly, kit.windows, kit.queries, r -> {}, kit.clock)) {
      s.start();
      java.net.URI approve =
          java.net.URI.create("http://127.0.0.1:" + s.port() + W + "/W-1/approve");
      HttpResponse<String> anon =
          kit.http.send(
              HttpRequest.newBuilder(approve).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(401, "Authorization", anon);
      HttpResponse<String> vendor =
          kit.http.send(
              HttpRequest.newBuilder(approve)
                  .header("Authorization", "Bearer tok-acme")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(403, null, vendor);
    }
  }
}
