package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import io.vigie.tools.ToolsMain;
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

/** {@code vigie cameras certify|poll} in-process against simulated cameras on loopback. */
class CamerasCommandTest {
  @TempDir Path dir;

  private OnvifSimulator sim;
  private Path site;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    sim = OnvifSimulator.start(4);
    Files.createDirectories(dir.resolve("secrets"));
    StringBuilder yaml =
        new StringBuilder(
            "baseline: baseline.json\nonvif: { timeout_millis: 3000, concurrency: 2 }\ncameras:\n");
    for (String cam : List.of("cam-001", "cam-002")) {
      sim.set(cam, SimCamera.ordinary("pw-" + cam, "SN-" + cam));
      Files.writeString(dir.resolve("secrets").resolve(cam), "pw-" + cam + "\n");
      yaml.append("  - { name: ")
          .append(cam)
          .append(", address: 127.0.0.1, onvif_url: \"")
          .append(sim.deviceUrl(cam))
          .append("\", username: vigie-audit, password_file: secrets/")
          .append(cam)
          .append(" }\n");
    }
    site = dir.resolve("site.yaml");
    Files.writeString(site, yaml);
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The benchmarks are in the tools, not in the appliance's CLI. */
  private int tool(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ToolsMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void certifyThenPollReportsTheFirmwareChangeAsJson() throws Exception {
    assertEquals(
        0,
        run(
            "cameras",
            "certify",
            "--config",
            site.toString(),
            "--out",
            dir.resolve("baseline.json").toString()),
        err::toString);
    assertTrue(out.toString().contains("two approvers"), out::toString);
    assertTrue(Files.exists(dir.resolve("baseline.json")));

    assertEquals(0, run("cameras", "poll", "--config", site.toString(), "--json"), err::toString);
    List<JsonNode> recs = records();
    assertEquals(2, recs.size(), out::toString);

    sim.set("cam-002", sim.get("cam-002").withFirmware("V6.0.0"));
    assertEquals(
        ExitCodes.FINDING,
        run("cameras", "poll", "--config", site.toString(), "--json"),
        err::toString);
    recs = records();
    assertEquals(3, recs.size(), out::toString);
    JsonNode cam = recs.get(1);
    assertEquals("camera", cam.get("type").asText());
    assertEquals("cam-002", cam.get("name").asText());
    assertEquals("V6.0.0", cam.get("firmware").asText());
    assertEquals("AC-2040", cam.get("model").asText());
    assertEquals("SN-cam-002", cam.get("serial").asText());
    assertTrue(cam.get("fingerprint").asText().startsWith("sha256:"));
    assertTrue(cam.get("parts").has("analytics"));
    JsonNode n = recs.get(2);
    assertEquals("notice", n.get("type").asText());
    assertEquals("firmware_changed", n.get("note").asText());
    assertEquals("high", n.get("severity").asText());
    assertEquals("cam-002", n.get("camera").asText());
    for (String f : List.of("ts", "id", "community_id", "msg", "window")) {
      assertTrue(n.has(f), f);
    }
    // Times are written as replay writes them: RFC 3339, UTC, microseconds.
    String rfc3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
    assertTrue(n.get("ts").asText().matches(rfc3339), n.get("ts").asText());
    assertTrue(cam.get("ts").asText().matches(rfc3339), cam.get("ts").asText());
    assertFalse(out.toString().contains("pw-cam"), "a password reached the output");

    assertEquals(
        ExitCodes.FINDING, run("cameras", "poll", "--config", site.toString()), err::toString);
    assertTrue(
        out.toString().contains("cam-002: AC-2040 firmware V6.0.0 serial SN-cam-002 sha256:"),
        out::toString);
    assertTrue(
        out.toString().contains("  high firmware_changed: cam-002 firmware changed from "),
        out::toString);
  }

  @Test
  void certifyRefusesWhenACameraFails() throws Exception {
    sim.set("cam-001", sim.get("cam-001").withBehaviour(SimCamera.Behaviour.GARBAGE));
    assertEquals(
        ExitCodes.FINDING,
        run(
            "cameras",
            "certify",
            "--config",
            site.toString(),
            "--out",
            dir.resolve("b.json").toString()));
    assertTrue(err.toString().contains("cam-001: malformed"), err::toString);
    assertFalse(Files.exists(dir.resolve("b.json")));
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    // The configured baseline does not exist yet.
    assertEquals(ExitCodes.USAGE, run("cameras", "poll", "--config", site.toString()));
    assertTrue(
        err.toString().startsWith("vigie: ")
            && err.toString().contains("baseline.json: no such file"),
        err::toString);

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "cameras:\n  - { name: c, address: 127.0.0.1, onvif_url: \"ftp://x/\" }\n");
    assertEquals(ExitCodes.USAGE, run("cameras", "poll", "--config", bad.toString()));
    assertTrue(
        err.toString().contains("cameras[0]") && err.toString().contains("onvif_url"),
        err::toString);
    assertEquals(1, err.toString().strip().lines().count(), err::toString);

    Files.writeString(
        bad, "privacy_classes:\n  - { type: X, privacy_class: creepy }\ncameras: []\n");
    assertEquals(ExitCodes.USAGE, run("cameras", "poll", "--config", bad.toString()));
    assertTrue(err.toString().contains("privacy_class 'creepy'"), err::toString);
  }

  @Test
  void benchPollsSimulatedCamerasAndPrintsTheTime() {
    assertEquals(
        0,
        tool("bench", "onvif", "--cameras", "12", "--concurrency", "4", "--drivers", "onvif"),
        err::toString);
    assertTrue(
        out.toString().matches("(?s)onvif: 12 cameras polled in \\d+ ms .*0 errors\\).*"),
        out::toString);
  }

  private List<JsonNode> records() throws Exception {
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        l.add(m.readTree(line));
      }
    }
    return l;
  }
}
