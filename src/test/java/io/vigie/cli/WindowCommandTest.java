package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.api.ApiTestKit;
import io.vigie.api.TokenVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie window ...} and {@code vigie token ...} against a real API server on loopback. */
class WindowCommandTest {
  @TempDir Path dir;
  ApiTestKit kit;
  String out;
  String err;

  @BeforeEach
  void start() throws Exception {
    kit = new ApiTestKit(dir, null);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private int run(String principal, String... args) throws Exception {
    Path tokenFile = dir.resolve(principal + ".token");
    Files.writeString(tokenFile, ApiTestKit.token(principal) + "\n");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", kit.uri("").toString(), "--token-file", tokenFile.toString()));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        Main.run(all.toArray(String[]::new), new PrintWriter(o, true), new PrintWriter(e, true));
    out = o.toString();
    err = e.toString();
    return code;
  }

  @Test
  void aWindowFromRequestToRevocation() throws Exception {
    assertEquals(
        0,
        run(
            "acme",
            "window",
            "request",
            "--reason",
            "Upgrade cam-001",
            "--ticket",
            "ACME-4711",
            "--device",
            "cam-001",
            "--app",
            "ssh",
            "--end",
            "2026-11-23T10:00:00Z",
            "--expect-firmware",
            "cam-001=5.7.3",
            "--json"),
        err);
    JsonNode w = new ObjectMapper().readTree(out);
    String id = w.path("id").asText();
    assertEquals("acme", w.path("requester").asText());
    assertEquals("5.7.3", w.path("expected_changes").get(0).path("firmware_version").asText());

    assertEquals(0, run("mayor", "window", "approve", id, "--reason", "OK mairie"), err);
    assertTrue(out.contains("state      requested"), out);
    assertTrue(out.contains("approval  mayor [town_hall]: OK mairie"), out);
    assertEquals(0, run("secu", "window", "approve", id), err);
    assertTrue(out.contains("state      active"), out);

    assertEquals(0, run("auditor", "window", "list"), err);
    String[] lines = out.split("\n");
    assertTrue(
        lines[0].startsWith("ID") && lines[0].contains("STATE") && lines[0].contains("REQUESTER"),
        out);
    assertTrue(
        lines[1].startsWith(id)
            && lines[1].contains("active")
            && lines[1].contains("cam-001 (ssh)"),
        out);
    assertEquals(0, run("auditor", "window", "list", "--state", "requested"), err);
    assertTrue(out.contains("(no windows)"), out);

    assertEquals(0, run("acme", "window", "show", id), err);
    assertTrue(out.contains("expects    cam-001 firmware 5.7.3"), out);

    assertEquals(0, run("secu", "window", "revoke", id, "--reason", "unexpected RDP"), err);
    assertTrue(out.contains("state      revoked") && out.contains("unexpected RDP"), out);
  }

  @Test
  void refusalsExitTwoWithTheServersReason() throws Exception {
    assertEquals(
        2,
        run(
            "acme",
            "window",
            "request",
            "--reason",
            "r",
            "--ticket",
            "t",
            "--app",
            "ssh",
            "--end",
            "2026-11-23T10:00:00Z"));
    assertTrue(err.contains("server refused (400)") && err.contains("[field: scope.devices]"), err);
    assertEquals(2, run("acme", "window", "show", "W-19990101-001"));
    assertTrue(err.contains("(404)") && err.contains("[field: id]"), err);
    assertEquals(2, run("auditor", "window", "approve", "W-19990101-001"));
    assertTrue(err.contains("(403)"), err);
    assertEquals(2, run("nobody", "window", "list"));
    assertTrue(err.contains("(401)") && err.contains("invalid token"), err);
    assertEquals(2, run("acme", "window", "list", "--state", "open"));
    assertTrue(err.contains("[field: state]"), err);
    assertFalse(err.contains("Exception"), err);

    Files.writeString(dir.resolve("empty.token"), "  \n");
    StringWriter e = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "window",
              "list",
              "--url",
              kit.uri("").toString(),
              "--token-file",
              dir.resolve("empty.token").toString()
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(e, true));
    assertEquals(2, code);
    assertTrue(e.toString().contains("no token"), e.toString());
  }

  @Test
  void unreachableServerIsAUserError() throws Exception {
    int port = kit.server.port();
    kit.close();
    Path tokenFile = dir.resolve("t");
    Files.writeString(tokenFile, "tok-acme");
    StringWriter e = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "window",
              "list",
              "--url",
              "http://127.0.0.1:" + port,
              "--token-file",
              tokenFile.toString()
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(e, true));
    assertEquals(2, code);
    assertTrue(e.toString().startsWith("vigie: http://127.0.0.1:" + port), e.toString());
  }

  @Test
  void tokenCommandsMakeConfigHashes() throws Exception {
    Path tokenFile = dir.resolve("t");
    Files.writeString(tokenFile, "tok-acme\n");
    StringWriter o = new StringWriter();
    assertEquals(
        0,
        Main.run(
            new String[] {"token", "hash", "--token-file", tokenFile.toString()},
            new PrintWriter(o, true),
            new PrintWriter(new StringWriter(), true)));
    assertEquals(TokenVerifier.sha256Hex("tok-acme"), o.toString().strip());

    StringWriter n = new StringWriter();
    assertEquals(
        0,
        Main.run(
            new String[] {"token", "new"},
            new PrintWriter(n, true),
            new PrintWriter(new StringWriter())));
    String[] lines = n.toString().split("\n");
    String token = lines[0].substring("token:".length()).strip();
    String hash = lines[1].substring("sha256:".length()).strip();
    assertTrue(token.length() >= 43, token);
    assertEquals(TokenVerifier.sha256Hex(token), hash);
  }

  @Test
  void tablesMatchTheGoldenFiles() throws Exception {
    assertEquals(
        0,
        run(
            "acme",
            "window",
            "request",
            "--reason",
            "Upgrade cam-001 to 5.7.3",
            "--ticket",
            "ACME-4711",
            "--device",
            "cam-001",
            "--subnet",
            "10.20.1.0/24",
            "--app",
            "ssh",
            "--app",
            "https",
            "--start",
            "2026-11-23T09:00:00Z",
            "--end",
            "2026-11-23T11:00:00Z",
            "--expect-firmware",
            "cam-001=5.7.3"),
        err);
    assertEquals(
        0,
        run(
            "acme",
            "window",
            "request",
            "--reason",
            "Check analytics",
            "--ticket",
            "ACME-4712",
            "--device",
            "cam-002",
            "--app",
            "tls",
            "--end",
            "2026-11-23T09:30:00Z"),
        err);
    assertEquals(
        0, run("mayor", "window", "approve", "W-20261123-001", "--reason", "OK mairie"), err);
    assertEquals(0, run("secu", "window", "approve", "W-20261123-001"), err);
    assertEquals(
        0,
        run(
            "secu",
            "window",
            "reject",
            "W-20261123-002",
            "--reason",
            "no analytics change planned"),
        err);
    assertEquals(0, run("auditor", "window", "list"), err);
    assertEquals(golden("window-list.txt"), out);
    assertEquals(0, run("auditor", "window", "show", "W-20261123-001"), err);
    assertEquals(golden("window-show.txt"), out);
  }

  private static String golden(String name) throws Exception {
    try (var in = WindowCommandTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
