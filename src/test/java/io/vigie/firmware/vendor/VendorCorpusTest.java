package io.vigie.firmware.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every real vendor answer of {@code ../shared/corpus/vendor-api/MANIFEST.tsv} goes through the
 * drivers' parsers: none crashes, the error bodies give typed errors, and what the MANIFEST's
 * {@code analytics_seen} column names comes out of the parser.
 */
class VendorCorpusTest {
  /**
   * Per file with analytics: names the MANIFEST's analytics_seen column mentions that the parser
   * must produce (compared without case or spaces). A row with analytics and no entry here fails
   * the test, so a new corpus row is never silently skipped.
   */
  private static final Map<String, List<String>> SEEN =
      Map.ofEntries(
          Map.entry(
              "applications.list.cgi.vmd-only.xml",
              List.of("AXIS Video Motion Detection", "4.4-5", "Running")),
          Map.entry(
              "applications.list.cgi.guard-suite.xml",
              List.of(
                  "Fence Guard",
                  "Loitering Guard",
                  "Motion Guard",
                  "2.2-6",
                  "VMD3",
                  "Stopped",
                  "Remote Access solution",
                  "Door Station Notifier")),
          Map.entry("param.cgi.list.all.M1065-LW.txt", List.of("EmbeddedDevelopment", "Motion")),
          Map.entry("param.cgi.list.Properties.txt", List.of("EmbeddedDevelopment", "Motion")),
          Map.entry("param.cgi.list.Image.txt", List.of("MotionDetectionEnabled")),
          // no scenario or profile: the parser must give no rule (checked in parse())
          Map.entry("objectanalytics.control.cgi.getConfiguration.empty.json", List.of()),
          Map.entry("vmd.control.cgi.getConfiguration.empty.json", List.of()),
          Map.entry("fenceguard.control.cgi.getConfiguration.json", List.of("Profile", "fence")),
          Map.entry("motionguard.control.cgi.getConfiguration.json", List.of("Profile")),
          Map.entry("vmd.control.cgi.getConfiguration.json", List.of("Profile")),
          Map.entry(
              "vapix.services.GetEventInstances.xml",
              List.of("CameraApplicationPlatform", "VMD3", "Tampering", "LiveStreamAccessed")),
          Map.entry(
              "metadata-event.FenceGuard-init.xml",
              List.of("CameraApplicationPlatform/FenceGuard")),
          Map.entry(
              "metadata-event.LoiteringGuard-init.xml",
              List.of("CameraApplicationPlatform/LoiteringGuard")),
          Map.entry("metadata-event.VMD4-any-init.xml", List.of("CameraApplicationPlatform/VMD")),
          Map.entry(
              "metadata-event.RuleEngine-RegionDetector-init.xml",
              List.of("RuleEngine/MotionRegionDetector/Motion")),
          Map.entry("mediaFileFind.cgi.findNextFile.page1-TrafficCar.txt", List.of("TrafficCar")));

  /** Bodies that are errors as the camera meant them: they must give these typed errors. */
  private static final Map<String, PollErrorType> ERRORS =
      Map.of(
          "System.status.401-unauthorized.V5.5.0.html", PollErrorType.MALFORMED,
          "mediaFileFind.cgi.factory.close.error.txt", PollErrorType.FAULT);

  @Test
  void everyFileParsesAndItsAnalyticsComeOut() throws Exception {
    String shared = System.getProperty("vigie.shared");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "vendor-api");
    assumeTrue(
        dir != null && Files.isRegularFile(dir.resolve("MANIFEST.tsv")),
        "shared corpus absent (system property vigie.shared): corpus/vendor-api/MANIFEST.tsv");
    List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int endpoint = header.indexOf("endpoint");
    int seen = header.indexOf("analytics_seen");
    assertTrue(file >= 0 && endpoint >= 0 && seen >= 0, "MANIFEST columns: " + header);
    int rows = 0;
    Set<String> checked = new java.util.TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      rows++;
      String[] f = line.split("\t", -1);
      String path = f[file];
      String name = path.substring(path.lastIndexOf('/') + 1);
      byte[] body = Files.readAllBytes(dir.resolve(path));
      String rendered;
      try {
        rendered = parse(path, f[endpoint], body);
      } catch (PollException e) {
        assertEquals(ERRORS.get(name), e.type(), path + ": " + e.getMessage());
        continue;
      }
      assertFalse(
          ERRORS.containsKey(name), path + " should be a typed error, parsed as " + rendered);
      String analytics = f[seen];
      if (analytics.startsWith("none")) {
        continue;
      }
      List<String> expected = SEEN.get(name);
      assertNotNull(
          expected, path + ": analytics_seen '" + analytics + "' has no expectation here");
      for (String want : expected) {
        assertTrue(
            norm(analytics).contains(norm(want)),
            path + ": '" + want + "' is not what the MANIFEST says: " + analytics);
        assertTrue(
            norm(rendered).contains(norm(want)),
            path + ": the parser did not produce '" + want + "': " + rendered);
      }
      checked.add(name);
    }
    assertEquals(SEEN.keySet(), checked, "every expectation was met by a MANIFEST row");
    assertTrue(rows >= 30, "MANIFEST rows: " + rows);
  }

  private static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replace(" ", "");
  }

  /** The driver parser for this endpoint, its result as text; a typed error when refused. */
  private static String parse(String path, String endpoint, byte[] body) throws PollException {
    if (path.startsWith("hikvision/")) {
      if (endpoint.contains("/ISAPI/System/deviceinfo")) {
        return IsapiDriver.deviceInfo(Bodies.xml(path, body)).toString();
      }
      if (endpoint.contains("/ISAPI/System/status") && !path.endsWith(".html")) {
        return IsapiDriver.status(Bodies.xml(path, body)).toString();
      }
      // The 401 page is what a refused request carries: not an answer the parser accepts.
      return IsapiDriver.status(Bodies.xml(path, body)).toString();
    }
    if (path.startsWith("dahua/")) {
      Map<String, String> kv = Bodies.keyValues(path, body);
      if (endpoint.contains("getSystemInfo")) {
        return DahuaDriver.identity(kv, Map.of()).toString();
      }
      if (endpoint.contains("getSoftwareVersion")) {
        assertTrue(kv.containsKey("version"), path);
        return kv.toString();
      }
      if (endpoint.contains("findNextFile")) {
        return DahuaDriver.summaryTypes(kv).toString();
      }
      return kv.toString();
    }
    if (endpoint.contains("applications/list.cgi")) {
      List<String> out = new ArrayList<>();
      VapixDriver.applications(Bodies.xml(path, body))
          .forEach(a -> out.add(a.name() + " " + a.niceName() + " " + a.params()));
      return out.toString();
    }
    if (endpoint.contains("pwdgrp.cgi")) {
      List<String> users = VapixDriver.users(Bodies.keyValues(path, body));
      assertTrue(users.contains("root:admin"), users.toString());
      return users.toString();
    }
    if (endpoint.contains("basicdeviceinfo.cgi")) {
      return VapixDriver.basicDeviceInfo(Bodies.json(path, body)).toString();
    }
    if (endpoint.contains("param.cgi")) {
      Map<String, String> p = Bodies.keyValues(path, body);
      Map<String, String> out = new TreeMap<>(VapixDriver.capabilities(p));
      out.putAll(VapixDriver.services(p));
      out.putAll(VapixDriver.time(p));
      out.put("identity", VapixDriver.identityFromParams(p).toString());
      // Capability names in the MANIFEST's words: the parameter the flag came from.
      out.replaceAll((k, v) -> v);
      String names =
          (out.containsKey("vapix.acap") ? " EmbeddedDevelopment" : "")
              + (out.containsKey("vapix.motion") ? " Motion" : "")
              + (out.keySet().stream().anyMatch(k -> k.endsWith(".motion_detection"))
                  ? " MotionDetectionEnabled"
                  : "");
      return out + names;
    }
    if (endpoint.contains("/control.cgi")) {
      String app =
          endpoint.substring(endpoint.indexOf("/local/") + 7, endpoint.indexOf("/control.cgi"));
      var rules = VapixDriver.appConfiguration(app, Bodies.json(path, body));
      if (path.contains(".empty.")) {
        assertTrue(rules.isEmpty(), path + ": " + rules);
      } else {
        assertFalse(rules.isEmpty(), path + ": no profile read");
      }
      return rules.toString();
    }
    if (endpoint.contains("mqtt/client.cgi")) {
      return VapixDriver.mqtt(Bodies.json(path, body)).toString();
    }
    if (endpoint.contains("apidiscovery.cgi")) {
      return Bodies.json(path, body).path("data").path("apiList").toString();
    }
    if (endpoint.contains("GetEventInstances") || endpoint.contains("metadata")) {
      List<String> topics = VapixDriver.eventTopics(Bodies.xml(path, body));
      assertFalse(topics.isEmpty(), path);
      return topics.toString();
    }
    fail(path + ": no parser for endpoint " + endpoint);
    return "";
  }
}
