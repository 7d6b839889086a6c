package io.vigie.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.api.ApiJson;
import io.vigie.evidence.Notices;
import io.vigie.evidence.SessionRecords;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.protocol.FileDetails;
import io.vigie.protocol.FtpDetails;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.ParentDetails;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SshDetails;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One spelling of a session and a notice, whichever output writes it. */
class SessionJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The replay contract as cc30977 wrote it, file_upload now beside the file it speaks of, and the
   * vendor channels' keys (issue 13) after the keys that were there.
   */
  private static final List<String> CONTRACT =
      List.of(
          "type",
          "ts",
          "duration",
          "proto",
          "orig_h",
          "orig_p",
          "resp_h",
          "resp_p",
          "community_id",
          "app",
          "apps",
          "orig_bytes",
          "resp_bytes",
          "orig_pkts",
          "resp_pkts",
          "direction",
          "vendor",
          "orig_name",
          "resp_name",
          "ssh_client",
          "ssh_server",
          "sni",
          "tls_version",
          "alpn",
          "http_method",
          "http_host",
          "http_uri",
          "http_content_type",
          "http_user_agent",
          "ftp_user",
          "ftp_files",
          "tftp_op",
          "tftp_file",
          "dns_query",
          "rdp_cookie",
          "vnc_version",
          "parent",
          "file_sha256",
          "file_size",
          "file_upload",
          "sip_method",
          "sip_uri",
          "sip_user_agent",
          "sip_status",
          "gb28181_device_id",
          "gb28181_platform_id",
          "gb28181_cmds",
          "dahua_methods",
          "isup_device_id",
          "mqtt_client_id",
          "mqtt_topics",
          "upnp_action",
          "upnp_external_port",
          "upnp_internal_client",
          "upnp_internal_port",
          "isapi_paths",
          "hassh",
          "hassh_server",
          "ja4",
          "ja4s",
          "clear_login",
          "login_user",
          "end_reason",
          "verdict",
          "window");

  static Session session(SessionDetails details, long durationNanos) {
    long start = 1_763_859_600_123_456_789L;
    return new Session(
        start,
        start + durationNanos,
        "tcp",
        "203.0.113.5",
        40022,
        "10.20.1.1",
        80,
        "1:abc=",
        App.HTTP,
        1200,
        3400,
        10,
        12,
        Direction.INBOUND,
        true,
        null,
        "cam-001",
        "fin",
        details,
        "outside_window",
        "W-1");
  }

  static JsonNode replayLine(Session s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonLinesWriter w = new JsonLinesWriter(out)) {
      w.session(s);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    return JSON.readTree(text);
  }

  static JsonNode replayNotice(Notice n) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonLinesWriter w = new JsonLinesWriter(out)) {
      w.notice(n);
    }
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }

  /** As a reader of the store gets it back: through JSON text, like every other record. */
  private static JsonNode asRead(Map<String, Object> fields) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(fields));
  }

  @Test
  void everyContractKeyIsWrittenInOrderWhetherKnownOrNot() throws Exception {
    assertEquals(CONTRACT, keys(replayLine(session(SessionDetails.NONE, 1))));
    SessionDetails full =
        SessionDetails.of(
            new SshDetails("SSH-2.0-a", "SSH-2.0-b"),
            new HttpDetails("PUT", "cam", "/fw.bin", "application/octet-stream", "curl/8"),
            new FtpDetails("anonymous", List.of("fw.bin")),
            new ParentDetails("1:p="),
            new FileDetails("ab".repeat(32), 99, true));
    JsonNode line = replayLine(session(full, 1));
    assertEquals(CONTRACT, keys(line));
    assertEquals("fw.bin", line.path("ftp_files").get(0).asText());
    assertEquals(99, line.path("file_size").asLong());
    assertTrue(line.path("file_upload").asBoolean());
    JsonNode none = replayLine(session(SessionDetails.NONE, 1));
    assertTrue(
        none.path("ftp_files").isNull()
            && none.path("file_size").isNull()
            && none.path("sni").isNull());
    assertFalse(none.path("file_upload").asBoolean());
  }

  @Test
  void replayEvidenceAndApiWriteTheSameSession() throws Exception {
    Session s =
        session(
            SessionDetails.of(
                new HttpDetails("POST", "cam", "http://u:secret@cam/up", null, "curl/8"),
                new FileDetails("cd".repeat(32), 4096, true)),
            2_000_002_500L);
    JsonNode replay = replayLine(s);
    assertEquals("2025-11-23T01:00:00.123456Z", replay.path("ts").asText());
    assertEquals("http://cam/up", replay.path("http_uri").asText());

    JsonNode api =
        JSON.readTree(ApiJson.write(Map.of("sessions", List.of(s)))).path("sessions").get(0);
    assertEquals(replay, api);
    assertEquals(CONTRACT, keys(api), "the API keeps the nulls and the order");

    JsonNode stored = asRead(SessionRecords.of(s).fields());
    ObjectNode expected = replay.deepCopy();
    expected.remove("type");
    List<String> nulls = new ArrayList<>();
    expected
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (expected.get(k).isNull()) {
                nulls.add(k);
              }
            });
    expected.remove(nulls);
    assertEquals(expected, stored);
    assertFalse(stored.toString().contains("secret"), stored.toString());
  }

  @Test
  void durationIsRoundedHalfEvenEverywhere() throws Exception {
    // 2.5 microseconds: half-even gives 0.000002, half-up (the evidence writer's old rule)
    // 0.000003.
    Session s = session(SessionDetails.NONE, 2_500L);
    assertEquals(0.000002, replayLine(s).path("duration").doubleValue());
    assertEquals("0.000002", SessionRecords.of(s).fields().get("duration").toString());
    JsonNode api = JSON.readTree(ApiJson.write(List.of(s))).get(0);
    assertEquals(0.000002, api.path("duration").doubleValue());
  }

  @Test
  void replayEvidenceAndApiWriteTheSameNotice() throws Exception {
    for (Notice n :
        List.of(
            new Notice(
                1_763_859_600_123_456_789L,
                "vendor_access_outside_window",
                Severity.HIGH,
                "n-1",
                "1:abc=",
                "Acme reached cam-001",
                null,
                null),
            new Notice(
                1_763_859_600_000_000_000L,
                "firmware_changed",
                Severity.WARNING,
                "n-2",
                null,
                "cam-002 firmware changed",
                "W-1",
                "cam-002"))) {
      JsonNode replay = replayNotice(n);
      assertEquals("notice", replay.path("type").asText());
      assertEquals(n.camera() != null, replay.has("camera"));
      assertEquals(replay, JSON.readTree(ApiJson.write(n)));
      ObjectNode expected = replay.deepCopy();
      expected.remove("type");
      List<String> nulls = new ArrayList<>();
      expected
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (expected.get(k).isNull()) {
                  nulls.add(k);
                }
              });
      expected.remove(nulls);
      assertEquals(expected, asRead(Notices.of(n).fields()));
    }
  }
}
