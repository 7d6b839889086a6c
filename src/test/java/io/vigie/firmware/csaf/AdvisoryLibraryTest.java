package io.vigie.firmware.csaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.KnownVulnerabilities;
import io.vigie.notice.Notice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CISA advisories for Hikvision, Dahua and Axis cameras (see the fixtures' README) match the
 * affected versions and not the later ones; a broken file is an error naming it, and the others
 * still load.
 */
class AdvisoryLibraryTest {
  private static final Path FIXTURES = Path.of("src/test/resources/io/vigie/firmware/csaf");

  private static KnownVulnerabilities real() throws IOException {
    AdvisoryLibrary.Loaded l = AdvisoryLibrary.load(FIXTURES.resolve("real"), 1 << 20);
    assertEquals(List.of(), l.errors());
    assertEquals(4, l.advisories().size());
    return l.matcher();
  }

  private static List<String> ids(List<KnownVulnerabilities.Match> ms) {
    return ms.stream().map(KnownVulnerabilities.Match::advisory).toList();
  }

  @Test
  void hikvisionCamerasInTheRangeOfIcsa17124() throws IOException {
    KnownVulnerabilities kv = real();
    List<KnownVulnerabilities.Match> m =
        kv.match("HIKVISION", "DS-2CD2142FWD-IWS", "V5.4.0 build 160401");
    assertEquals(List.of("ICSA-17-124-01"), ids(m));
    assertEquals(List.of("CVE-2017-7921", "CVE-2017-7923"), m.get(0).cves());
    // The fixed firmware (after V5.4.4 build 161125 for this series) is not affected.
    assertEquals(List.of(), kv.match("HIKVISION", "DS-2CD2142FWD-IWS", "V5.4.5 build 170123"));
    // The lower bound holds too.
    assertEquals(List.of(), kv.match("HIKVISION", "DS-2CD2142FWD-IWS", "V5.3.0 build 150101"));
    // Another vendor with a model of the same name is not Hikvision's.
    assertEquals(List.of(), kv.match("Acme", "DS-2CD2142FWD-IWS", "V5.4.0 build 160401"));
  }

  @Test
  void dahuaAndAxisUpperBoundsOnly() throws IOException {
    KnownVulnerabilities kv = real();
    List<KnownVulnerabilities.Match> d =
        kv.match("Dahua", "IPC-HDBW2431E-S", "V2.800.0000000.16.R.210112");
    assertEquals(List.of("ICSA-22-193-01"), ids(d));
    assertEquals(4, d.get(0).cves().size());
    assertEquals(List.of(), kv.match("Dahua", "IPC-HDBW2431E-S", "V2.820.0000000.48.R.220614"));
    assertEquals(List.of("ICSA-23-206-01"), ids(kv.match("AXIS", "A1001", "1.65.4")));
    assertEquals(List.of(), kv.match("AXIS", "A1001", "1.65.5"));
    assertEquals(
        List.of("ICSA-23-285-14"), ids(kv.match("Hikvision", "DS-K1T341C", "V3.3.8 build 230112")));
    assertEquals(List.of(), kv.match("Hikvision", "DS-K1T341C", "V3.3.9 build 230301"));
    assertEquals(List.of(), kv.match("AXIS", "A1001", "firmware unknown"));
  }

  @Test
  void fixedProductsAndVersGenericRanges() throws IOException {
    KnownVulnerabilities kv =
        AdvisoryLibrary.load(FIXTURES.resolve("synthetic"), 1 << 20).matcher();
    assertEquals(
        List.of("VIGIE-TEST-2026-001"), ids(kv.match("Hikvision", "DS-2CD2142FWD-I", "V5.5.0")));
    assertEquals(List.of(), kv.match("Hikvision", "DS-2CD2142FWD-I", "V5.6.2 build 210101"));
    assertEquals(List.of(), kv.match("Hikvision", "DS-2CD2142FWD-I", "V5.4.9"));
    List<KnownVulnerabilities.Match> axis = kv.match("AXIS", "P1375", "10.12.114");
    assertEquals(List.of("CVE-2099-0001", "CVE-2099-0002"), axis.get(0).cves());
  }

  @Test
  void brokenFilesAreNamedCountedAndTheOthersLoad(@TempDir Path dir) throws IOException {
    for (Path p : List.of(FIXTURES.resolve("broken"), FIXTURES.resolve("real"))) {
      try (var s = Files.list(p)) {
        for (Path f : s.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(dir.resolve("notes.txt"), "not an advisory, not read");
    AdvisoryLibrary.Loaded l = AdvisoryLibrary.load(dir, 1 << 20);
    assertEquals(7, l.files());
    assertEquals(4, l.advisories().size());
    assertEquals(3, l.errors().size(), l.errors().toString());
    String all = String.join("\n", l.errors());
    assertTrue(all.contains("truncated.json: not JSON"), all);
    assertTrue(all.contains("no-tracking-id.json: document.tracking.id is missing"), all);
    assertTrue(
        all.contains("bad-range.json: product_tree.branches[0].branches[0].branches[0].name"), all);
    assertTrue(all.contains("'<= soon'"), all);
    // A file over the size budget is refused before it is read.
    AdvisoryLibrary.Loaded small = AdvisoryLibrary.load(FIXTURES.resolve("real"), 12_000);
    assertEquals(1, small.advisories().size());
    assertTrue(small.errors().get(0).contains("over max_file_bytes 12000"), small.errors().get(0));
  }

  @Test
  void aPollOfAnAffectedCameraRaisesKnownVulnerability() throws IOException {
    KnownVulnerabilities kv = real();
    CameraState s =
        new CameraState(
            new DeviceIdentity("HIKVISION", "DS-2CD2142FWD-IWS", "V5.4.0 build 160401", "SN1", ""),
            List.<AnalyticsItem>of(),
            Map.of(),
            List.of(),
            "",
            List.of(),
            "");
    List<Notice> n = kv.notices(CameraPoll.ok("cam-07", 5L, s));
    assertEquals(1, n.size());
    assertEquals("known_vulnerability", n.get(0).note());
    assertEquals("cam-07", n.get(0).camera());
    assertTrue(n.get(0).msg().contains("ICSA-17-124-01"), n.get(0).msg());
    assertTrue(n.get(0).msg().contains("CVE-2017-7921, CVE-2017-7923"), n.get(0).msg());
    CameraState fixed =
        new CameraState(
            new DeviceIdentity("HIKVISION", "DS-2CD2142FWD-IWS", "V5.5.0 build 180101", "SN1", ""),
            List.of(),
            Map.of(),
            List.of(),
            "",
            List.of(),
            "");
    assertEquals(List.of(), kv.notices(CameraPoll.ok("cam-07", 5L, fixed)));
  }
}
