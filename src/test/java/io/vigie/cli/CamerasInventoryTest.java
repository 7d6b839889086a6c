package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.OnvifConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.ChangeDetector;
import io.vigie.firmware.ExpectedChanges;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.csaf.AdvisoryLibrary;
import io.vigie.firmware.onvif.CameraWatch;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie cameras inventory} and {@code known_vulnerability}: simulated ONVIF cameras on
 * loopback (one reporting a Hikvision model and firmware in the range of the real advisory
 * ICSA-17-124-01), the real CISA advisories of the test fixtures, and a real SQLite evidence store
 * filled by the camera watch the daemon runs.
 */
class CamerasInventoryTest {
  private static final Path ADVISORIES = Path.of("src/test/resources/io/vigie/firmware/csaf");
  private static final String AFFECTED = "V5.4.0 build 160401";

  @TempDir Path dir;

  private OnvifSimulator sim;
  private Path site;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static SimCamera hikvision(String firmware) {
    SimCamera o = SimCamera.ordinary("pw-cam-001", "SN-cam-001");
    return new SimCamera(
        o.password(),
        "HIKVISION",
        "DS-2CD2142FWD-IWS",
        firmware,
        o.serial(),
        o.clockOffsetSeconds(),
        o.modules(),
        o.rules(),
        o.supportedModules(),
        o.supportedRules(),
        o.users(),
        o.remoteUser(),
        o.dpAddresses(),
        o.behaviour());
  }

  @BeforeEach
  void setUp() throws Exception {
    sim = OnvifSimulator.start(2);
    Files.createDirectories(dir.resolve("secrets"));
    Path adv = Files.createDirectories(dir.resolve("advisories"));
    try (var s = Files.list(ADVISORIES.resolve("real"))) {
      for (Path f : s.toList()) {
        Files.copy(f, adv.resolve(f.getFileName()));
      }
    }
    Files.copy(ADVISORIES.resolve("broken/truncated.json"), adv.resolve("truncated.json"));
    sim.set("cam-001", hikvision(AFFECTED));
    sim.set("cam-002", SimCamera.ordinary("pw-cam-002", "SN-cam-002"));
    StringBuilder yaml =
        new StringBuilder(
            "state_dir: state\nadvisories: { csaf_dir: advisories }\n"
                + "onvif: { timeout_millis: 3000, concurrency: 2 }\ncameras:\n");
    for (String cam : List.of("cam-001", "cam-002", "cam-003")) {
      Files.writeString(dir.resolve("secrets").resolve(cam), "pw-" + cam + "\n");
      yaml.append("  - { name: ")
          .append(cam)
          .append(", address: 127.0.0.1, onvif_url: \"")
          .append(sim.deviceUrl(cam.equals("cam-003") ? "cam-002" : cam))
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

  private List<JsonNode> records() throws Exception {
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> r = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        r.add(m.readTree(line));
      }
    }
    return r;
  }

  /** One round of the daemon's camera watch, keeping snapshots in the real evidence store. */
  private List<Notice> watchRound(List<String> cameras) throws Exception {
    SiteConfig s = YamlLoader.load(site, SiteConfig.class);
    Path db = Files.createDirectories(dir.resolve("state")).resolve("evidence.db");
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null);
    List<Notice> notices = new ArrayList<>();
    AdvisoryLibrary.Loaded adv = AdvisoryLibrary.load(dir.resolve("advisories"), 1 << 20);
    try (EvidenceStore store =
            EvidenceStore.open(db, cfg, Clock.systemUTC(), NoticeSink.NONE, EvidenceMetrics.NONE);
        FleetPoller fleet =
            FleetPoller.create(
                new OnvifConfig(null, 3000, 2, null),
                Clock.systemUTC(),
                PrivacyClassifier.withDefaults(List.of()),
                CameraMetrics.NONE)) {
      CameraWatch watch =
          new CameraWatch(
              fleet,
              new ChangeDetector(PrivacyClassifier.withDefaults(List.of()), ExpectedChanges.NONE),
              new BaselineHolder(null, EvidenceSink.NONE),
              notices::add,
              store,
              adv.matcher());
      watch.runOnce(
          s.cameras().stream()
              .filter(c -> cameras.contains(c.name()))
              .map(c -> CameraTarget.of(c, dir))
              .toList());
    }
    return notices;
  }

  @Test
  void pollRaisesKnownVulnerabilityForTheAffectedCameraOnly() throws Exception {
    assertEquals(
        ExitCodes.FINDING,
        run("cameras", "poll", "--config", site.toString(), "--json"),
        err::toString);
    List<JsonNode> notices =
        records().stream()
            .filter(r -> "known_vulnerability".equals(r.path("note").asText()))
            .toList();
    assertEquals(1, notices.size(), out::toString);
    JsonNode n = notices.get(0);
    assertEquals("cam-001", n.get("camera").asText());
    assertEquals("high", n.get("severity").asText());
    assertTrue(n.get("msg").asText().contains("ICSA-17-124-01"), n.toString());
    assertTrue(n.get("msg").asText().contains("CVE-2017-7921, CVE-2017-7923"), n.toString());
    // The broken advisory is named, and did not stop the others.
    assertTrue(err.toString().contains("advisory not loaded:"), err::toString);
    assertTrue(err.toString().contains("truncated.json: not JSON"), err::toString);
  }

  @Test
  void inventoryListsTheLastPollFromTheEvidenceStore() throws Exception {
    List<Notice> raised = watchRound(List.of("cam-001", "cam-002"));
    assertEquals(
        1,
        raised.stream().filter(n -> n.note().equals("known_vulnerability")).count(),
        "" + raised);

    assertEquals(
        ExitCodes.FINDING,
        run("cameras", "inventory", "--config", site.toString(), "--json"),
        err::toString);
    List<JsonNode> recs = records();
    assertEquals(3, recs.size(), out::toString);
    JsonNode hik = recs.get(0);
    assertEquals("camera_inventory", hik.get("type").asText());
    assertEquals("cam-001", hik.get("camera").asText());
    assertEquals("last_poll", hik.get("source").asText());
    assertEquals("HIKVISION", hik.get("vendor").asText());
    assertEquals("DS-2CD2142FWD-IWS", hik.get("model").asText());
    assertEquals(AFFECTED, hik.get("firmware").asText());
    assertTrue(hik.get("apps").size() > 0, hik.toString());
    assertTrue(hik.has("remote_services"), hik.toString());
    JsonNode v = hik.get("known_vulnerabilities").get(0);
    assertEquals("ICSA-17-124-01", v.get("advisory").asText());
    assertEquals("CVE-2017-7921", v.get("cves").get(0).asText());
    JsonNode acme = recs.get(1);
    assertEquals("ACME", acme.get("vendor").asText());
    assertEquals(0, acme.get("known_vulnerabilities").size());
    // Never polled and no baseline: listed, and said so.
    assertEquals("none", recs.get(2).get("source").asText());

    assertEquals(
        ExitCodes.FINDING, run("cameras", "inventory", "--config", site.toString()), err::toString);
    assertTrue(
        out.toString()
            .contains("KNOWN VULNERABILITY ICSA-17-124-01 (CVE-2017-7921, CVE-2017-7923)"),
        out::toString);
    assertTrue(out.toString().contains("3 cameras, 1 with known vulnerabilities"), out::toString);

    // The camera is upgraded past the affected range: the newest snapshot wins.
    sim.set("cam-001", hikvision("V5.5.0 build 180101"));
    assertEquals(
        List.of(),
        watchRound(List.of("cam-001")).stream()
            .filter(n -> n.note().equals("known_vulnerability"))
            .toList());
    assertEquals(
        ExitCodes.OK,
        run("cameras", "inventory", "--config", site.toString(), "--json"),
        err::toString);
    JsonNode after = records().get(0);
    assertEquals("V5.5.0 build 180101", after.get("firmware").asText());
    assertEquals(0, after.get("known_vulnerabilities").size());
  }

  @Test
  void aMissingAdvisoriesDirectoryIsABadConfig() throws Exception {
    Files.writeString(
        site, Files.readString(site).replace("csaf_dir: advisories", "csaf_dir: nowhere"));
    assertEquals(2, run("cameras", "inventory", "--config", site.toString()));
    assertTrue(err.toString().contains("advisories.csaf_dir"), err::toString);
    assertTrue(err.toString().contains("nowhere"), err::toString);
    assertTrue(!err.toString().contains("\tat "), "a stack trace: " + err);
  }

  @Test
  void anUnknownKeyInTheAdvisoriesSectionIsFatal() throws Exception {
    Files.writeString(
        site,
        Files.readString(site).replace("csaf_dir: advisories", "csaf_dir: advisories, url: x"));
    assertEquals(2, run("cameras", "inventory", "--config", site.toString()));
    assertTrue(err.toString().contains("url"), err::toString);
  }
}
