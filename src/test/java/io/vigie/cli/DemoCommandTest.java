package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.demo.DemoCapture;
import io.vigie.tools.ToolsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheSiteAndTheCaptureThenReplaysThem() throws Exception {
    Path outDir = dir.resolve("demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ToolsMain.run(
            new String[] {"demo", "--out", outDir.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    SiteConfig site = YamlLoader.load(outDir.resolve("site.yaml"), SiteConfig.class);
    assertEquals(14, site.devices().size());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DemoCapture.Result r = DemoCapture.write(expected);
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(outDir.resolve("demo.pcap")));
    String text = out.toString();
    assertTrue(text.contains("2026-11-20T09:00:30Z"), text);
    assertTrue(text.contains("sha256 " + r.httpImage().sha256()), text);
    String replay = text.substring(text.indexOf("$ vigie replay --config"));
    // The replay found the vendor's SSH session and took the firmware's hash off the wire itself.
    assertTrue(replay.contains("10.20.1.3:22"), replay);
    assertTrue(replay.contains("sha256=" + r.httpImage().sha256()), replay);
    // ...and graded it: certified and expected by W-DEMO-1 (info), the TFTP plug-in not certified
    // (high).
    assertTrue(replay.contains("NOTICE info     firmware_transfer"), replay);
    assertTrue(
        replay
            .lines()
            .anyMatch(
                l ->
                    l.contains("NOTICE high     firmware_transfer")
                        && l.contains("sha256 " + r.tftpImage().sha256())
                        && l.contains("sent to cam-04")),
        replay);
    // The camera's own channels: a registration to a platform site.yaml does not approve, a router
    // port opened.
    assertTrue(
        replay
            .lines()
            .anyMatch(
                l ->
                    l.contains("NOTICE critical platform_registration")
                        && l.contains("cam-08 (10.20.1.8)")
                        && l.contains("44010200492000000001")),
        replay);
    assertTrue(
        replay
            .lines()
            .anyMatch(
                l ->
                    l.contains("NOTICE high     port_mapping")
                        && l.contains("external port 8554")
                        && l.contains("cam-09 (10.20.1.9) port 554")),
        replay);
    // cam-10's registration to vms-1, the platform site.yaml approves, raises nothing.
    assertTrue(
        replay.lines().anyMatch(l -> l.contains("10.20.1.10:5060") && l.contains("gb28181")),
        replay);
    assertEquals(
        1,
        replay
            .lines()
            .filter(l -> l.contains("NOTICE") && l.contains("platform_registration"))
            .count(),
        replay);
    // Once in the notices; the closing summary only counts it.
    assertEquals(
        1,
        replay
            .lines()
            .filter(l -> l.contains("platform_registration") && !l.startsWith("Summary: "))
            .count(),
        replay);
  }

  @Test
  void showsAnAnalyticsModuleThatAppearsWithoutAFirmwareChange() throws Exception {
    Path outDir = dir.resolve("demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        ToolsMain.run(
            new String[] {"demo", "--out", outDir.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true)),
        err.toString());
    String text = out.toString();
    String onvif = text.substring(text.indexOf("ONVIF: two simulated cameras on 127.0.0.1"));
    int certify = onvif.indexOf("$ vigie cameras certify");
    int poll = onvif.indexOf("$ vigie cameras poll");
    assertTrue(certify >= 0 && certify < poll, onvif);
    assertTrue(Files.exists(outDir.resolve("baseline.json")), "the certified baseline");
    assertTrue(
        onvif
            .substring(certify, poll)
            .contains("wrote " + outDir.resolve("baseline.json") + ": 4 cameras"),
        onvif);
    assertTrue(
        onvif.substring(certify, poll).contains("installs a face-recognition module on sim-cam-02"),
        onvif);

    String after = onvif.substring(poll);
    List<String> cam2 = linesOf(after, "sim-cam-02");
    String camLine = cam2.get(0);
    String firmware = firmwareOf(linesOf(onvif.substring(certify, poll), "sim-cam-02").get(0));
    assertEquals(firmware, firmwareOf(camLine), "the firmware version did not change: " + after);
    assertTrue(
        cam2.stream()
            .anyMatch(
                l ->
                    l.startsWith("  high analytics_added: sim-cam-02: module AcmeFaceMatch")
                        && l.contains("FaceRecognitionEngine")),
        after);
    assertTrue(
        cam2.stream()
            .anyMatch(
                l ->
                    l.startsWith("  critical privacy_analytics_present: sim-cam-02")
                        && l.contains("face recognition")),
        after);
    assertFalse(after.contains("firmware_changed"), after);
    // The Hikvision-style camera: an app through ISAPI's open platform, no firmware change.
    assertTrue(
        onvif
            .substring(certify, poll)
            .contains("installs the FaceCapture app on sim-hik-03 through the ISAPI open platform"),
        onvif);
    List<String> hik = linesOf(after, "sim-hik-03");
    assertEquals(
        firmwareOf(linesOf(onvif.substring(certify, poll), "sim-hik-03").get(0)),
        firmwareOf(hik.get(0)),
        "the firmware version did not change: " + after);
    assertTrue(
        hik.stream()
            .anyMatch(
                l ->
                    l.startsWith("  high analytics_added: sim-hik-03")
                        && l.contains("FaceCapture")),
        after);
    assertTrue(
        hik.stream()
            .anyMatch(
                l ->
                    // Face capture is face detection (high); recognition would be critical.
                    l.startsWith("  high privacy_analytics_present: sim-hik-03")
                        && l.contains("face detection")
                        && l.contains("isapi-app:FaceCapture")),
        after);
    // The other cameras are untouched: no notice under them.
    for (String untouched : List.of("sim-cam-01", "sim-axis-04")) {
      assertEquals(1, linesOf(after, untouched).size(), after);
    }
    assertFalse(text.contains("demo-sim-cam"), "a password reached the output");
  }

  /** The camera's line and the notice lines under it. */
  private static List<String> linesOf(String text, String camera) {
    List<String> l = new ArrayList<>();
    boolean in = false;
    for (String line : text.split("\n")) {
      if (line.startsWith(camera + ":")) {
        in = true;
      } else if (!line.startsWith("  ")) {
        in = false;
      }
      if (in) {
        l.add(line);
      }
    }
    assertFalse(l.isEmpty(), camera + " missing from:\n" + text);
    return l;
  }

  private static String firmwareOf(String cameraLine) {
    int i = cameraLine.indexOf(" firmware ");
    int j = cameraLine.indexOf(" serial ");
    assertTrue(i > 0 && j > i, cameraLine);
    return cameraLine.substring(i + " firmware ".length(), j);
  }

  @Test
  void anUnwritableDirectoryIsAUserError() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    StringWriter err = new StringWriter();
    int code =
        ToolsMain.run(
            new String[] {"demo", "--out", file.toString()},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("vigie: cannot write the demo into"), err.toString());
  }
}
