package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.journal.BaselineFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baseline review over real HTTP on loopback: propose, two distinct approvers with the reviewed
 * digest, the holder switching at the second approval, refusals, evidence, restart.
 */
class BaselineRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String B = ApiPaths.BASELINES;

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

  private static Baseline baseline(String firmware) {
    CameraState st =
        new CameraState(
            new DeviceIdentity("ACME", "Dome-4K", firmware, "SN-0042", "hw-1"),
            List.of(),
            Map.of(),
            List.of("admin:Administrator", "audit:User"),
            "",
            List.of(),
            "Discoverable");
    return new Baseline(ApiTestKit.T0.getEpochSecond() * 1_000_000_000L, Map.of("cam-001", st));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertError(int status, String field, HttpResponse<String> r)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = json(r);
    assertFalse(e.path("error").asText().isEmpty(), r.body());
    assertEquals(field, e.path("field").asText(), r.body());
    assertFalse(r.body().contains("Exception"), "no stack trace: " + r.body());
  }

  private static String approval(String digest, String reason) {
    return "{\"digest\":\"" + digest + "\",\"reason\":\"" + reason + "\"}";
  }

  private List<EvidenceRecord> baselineEvidence(String subject) {
    return kit.evidence.stream()
        .filter(e -> e.kind().equals("baseline") && subject.equals(e.subject()))
        .toList();
  }

  @Test
  void twoDistinctApproversPutTheProposedBaselineInEffect() throws Exception {
    Baseline next = baseline("5.7.3");
    String digest = next.digest();
    HttpResponse<String> p = kit.post("mayor", B, BaselineFile.toJson(next));
    assertEquals(201, p.statusCode(), p.body());
    JsonNode created = json(p);
    String id = created.path("id").asText();
    assertEquals("B-20261123-001", id);
    assertEquals(digest, created.path("digest").asText());
    assertEquals("mayor", created.path("proposer").asText());
    assertEquals(0, created.path("approvals").size());
    assertFalse(created.path("effective").asBoolean(true));
    assertTrue(kit.baselines.current().isEmpty(), "a proposal is not in effect");

    assertError(
        403, "approver", kit.post("mayor", B + "/" + id + "/approve", approval(digest, "mine")));
    assertTrue(
        json(kit.post("mayor", B + "/" + id + "/approve", approval(digest, "mine")))
            .path("error")
            .asText()
            .contains("proposed"));
    String other = baseline("5.8.0-beta").digest();
    assertError(
        409, "digest", kit.post("secu", B + "/" + id + "/approve", approval(other, "wrong file")));

    HttpResponse<String> a1 =
        kit.post("secu", B + "/" + id + "/approve", approval(digest, "checked 5.7.3"));
    assertEquals(200, a1.statusCode(), a1.body());
    assertEquals(1, json(a1).path("approvals").size());
    assertEquals("secu", json(a1).path("approvals").get(0).path("approver").asText());
    assertFalse(json(a1).path("effective").asBoolean(true));
    assertTrue(kit.baselines.current().isEmpty(), "one approval is not enough");
    assertError(
        409, "approver", kit.post("secu", B + "/" + id + "/approve", approval(digest, "again")));

    kit.clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> a2 = kit.post("deputy", B + "/" + id + "/approve", approval(digest, "ok"));
    assertEquals(200, a2.statusCode(), a2.body());
    assertTrue(json(a2).path("effective").asBoolean());
    assertTrue(json(a2).path("in_effect").asBoolean());
    assertFalse(json(a1).path("in_effect").asBoolean(true));
    assertEquals(
        ApiTestKit.T0.plus(Duration.ofMinutes(5)).toString(),
        json(a2).path("accepted_at").asText());
    assertEquals(digest, kit.baselines.current().orElseThrow().digest());
    assertEquals(digest, BaselineFile.read(dir.resolve("baseline.accepted.json")).digest());
    assertError(409, "id", kit.post("secu", B + "/" + id + "/approve", approval(digest, "late")));

    List<String> events =
        baselineEvidence(id).stream().map(e -> (String) e.fields().get("event")).toList();
    assertEquals(List.of("proposed", "approved", "approved", "accepted"), events);
    EvidenceRecord second = baselineEvidence(id).get(2);
    assertEquals("deputy", second.fields().get("who"));
    assertEquals(digest, second.fields().get("digest"));
    assertEquals("ok", second.fields().get("reason"));
    // The holder's own record of what is now in effect.
    assertTrue(
        kit.evidence.stream()
            .anyMatch(
                e ->
                    e.kind().equals("baseline")
                        && "baseline".equals(e.subject())
                        && digest.equals(e.fields().get("digest"))));

    HttpResponse<String> show = kit.get("auditor", B + "/" + id);
    assertEquals(200, show.statusCode(), show.body());
    assertEquals(digest, json(show).path("baseline").path("digest").asText());
    assertEquals(
        "5.7.3",
        json(show)
            .path("baseline")
            .path("cameras")
            .path("cam-001")
            .path("state")
            .path("identity")
            .path("firmware")
            .asText());
  }

  @Test
  void listIsNewestFirstAndUnknownIdsAre404() throws Exception {
    String first =
        json(kit.post("mayor", B, BaselineFile.toJson(baseline("5.7.3")))).path("id").asText();
    String second =
        json(kit.post("root", B, BaselineFile.toJson(baseline("5.7.4")))).path("id").asText();
    JsonNode list = json(kit.get("secu", B)).path("baselines");
    assertEquals(2, list.size());
    assertEquals(second, list.get(0).path("id").asText());
    assertEquals(first, list.get(1).path("id").asText());
    assertEquals("root", list.get(0).path("proposer").asText());
    assertError(404, "id", kit.get("secu", B + "/B-20261123-099"));
    assertError(
        404, "id", kit.post("secu", B + "/B-20261123-099/approve", approval("sha256:x", "?")));
  }

  @Test
  void theVendorMayNeitherProposeNorApproveNorRead() throws Exception {
    Baseline b = baseline("5.7.3");
    assertEquals(403, kit.post("acme", B, BaselineFile.toJson(b)).statusCode());
    String id = json(kit.post("mayor", B, BaselineFile.toJson(b))).path("id").asText();
    assertEquals(
        403, kit.post("acme", B + "/" + id + "/approve", approval(b.digest(), "me")).statusCode());
    assertEquals(403, kit.get("acme", B).statusCode());
    assertEquals(403, kit.get("acme", B + "/" + id).statusCode());
    // Admin may propose but is no approver.
    assertEquals(
        403, kit.post("root", B + "/" + id + "/approve", approval(b.digest(), "me")).statusCode());
    assertTrue(kit.approvals.get(id).orElseThrow().approvals().isEmpty());
  }

  @Test
  void malformedBodiesNameTheProblem() throws Exception {
    String good = BaselineFile.toJson(baseline("5.7.3"));
    assertError(400, "body", kit.post("mayor", B, "{not json"));
    assertError(400, "format", kit.post("mayor", B, "{\"format\":\"other/1\"}"));
    assertError(
        400,
        "cameras.cam-001.fingerprint",
        kit.post("mayor", B, good.replace("\"firmware\" : \"5.7.3\"", "\"firmware\" : \"5.7.4\"")));
    HttpResponse<String> digest =
        kit.post(
            "mayor", B, good.replaceFirst("\"digest\" : \"[^\"]+\"", "\"digest\" : \"sha256:00\""));
    assertError(400, "digest", digest);
    assertError(
        400,
        "cameras",
        kit.post(
            "mayor",
            B,
            "{\"format\":\"vigie-baseline/1\",\"created\":\""
                + ApiTestKit.T0
                + "\",\"cameras\":{}}"));
    String id = json(kit.post("mayor", B, good)).path("id").asText();
    assertError(
        400, "digest", kit.post("secu", B + "/" + id + "/approve", "{\"reason\":\"no digest\"}"));
    assertError(
        400,
        "extra",
        kit.post("secu", B + "/" + id + "/approve", "{\"digest\":\"d\",\"extra\":1}"));
    assertTrue(
        kit.evidence.stream().filter(e -> e.kind().equals("baseline")).count() == 1,
        "only the good proposal was recorded");
  }

  @Test
  void proposalsAndApprovalsSurviveARestart() throws Exception {
    Baseline b = baseline("5.7.3");
    String id = json(kit.post("mayor", B, BaselineFile.toJson(b))).path("id").asText();
    assertEquals(
        200, kit.post("secu", B + "/" + id + "/approve", approval(b.digest(), "one")).statusCode());
    kit.restart();
    JsonNode back = json(kit.get("auditor", B + "/" + id));
    assertEquals(b.digest(), back.path("digest").asText());
    assertEquals("secu", back.path("approvals").get(0).path("approver").asText());
    assertEquals("one", back.path("approvals").get(0).path("reason").asText());
    assertError(
        409,
        "approver",
        kit.post("secu", B + "/" + id + "/approve", approval(b.digest(), "twice")));
    String next =
        json(kit.post("root", B, BaselineFile.toJson(baseline("5.7.4")))).path("id").asText();
    assertEquals("B-20261123-002", next, "ids go on after a restart");
    assertEquals(
        200,
        kit.post("deputy", B + "/" + id + "/approve", approval(b.digest(), "two")).statusCode());
    assertEquals(b.digest(), kit.baselines.current().orElseThrow().digest());
    kit.restart();
    assertTrue(json(kit.get("auditor", B + "/" + id)).path("effective").asBoolean());
    assertTrue(Files.isRegularFile(dir.resolve("baseline.accepted.json")));
  }
}
