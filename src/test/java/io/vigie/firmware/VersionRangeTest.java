package io.vigie.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Firmware versions as vendors write them, vers and legacy ranges, model placeholders. */
class VersionRangeTest {
  private static FirmwareVersion v(String s) {
    return FirmwareVersion.parse(s).orElseThrow();
  }

  private static boolean in(String range, String version) {
    return VersionRange.parse(range).contains(v(version));
  }

  @Test
  void vendorVersionsAreReadIntoReleaseAndBuild() {
    assertEquals(List.of(5L, 4L, 0L), v("V5.4.0 build 160530").release());
    assertEquals(160530, v("V5.4.0 build 160530").build());
    assertEquals(List.of(2L, 820L, 0L, 48L), v("2.820.0000000.48.R.220614").release());
    assertEquals(220614, v("2.820.0000000.48.R.220614").build());
    assertEquals(221212, v("1.4.0_build221212").build());
    assertEquals(List.of(4L, 0L, 2L, 33L), v("MX-V4.0.2.33").release());
    assertFalse(v("10.12.114").hasBuild());
    assertTrue(FirmwareVersion.parse("unknown").isEmpty());
    assertTrue(FirmwareVersion.parse("").isEmpty());
    assertTrue(FirmwareVersion.parse("1234567890123456789012").isEmpty());
  }

  @Test
  void aMissingBuildIsNeitherBeforeNorAfterABuildOfTheSameRelease() {
    assertEquals(0, v("V5.5.0").compareTo(v("5.5.0 build 200101")));
    assertEquals(0, v("5.5").compareTo(v("5.5.0")));
    assertTrue(v("5.5.0 build 200101").compareTo(v("5.5.0 build 200102")) < 0);
    assertTrue(v("5.5.1").compareTo(v("5.5.0 build 999999")) > 0);
    assertTrue(v("5.10").compareTo(v("5.9")) > 0, "numbers, not text");
    assertTrue(in("<= 5.5.0 build 200101", "V5.5.0"));
    assertTrue(in(">= 5.5.0 build 200101", "V5.5.0"));
    assertFalse(in("< 5.5.0 build 200101", "V5.5.0"));
  }

  @Test
  void versGenericIntervalsAndSingleBounds() {
    assertTrue(in("vers:generic/>=1.0|<2.3.4", "1.0"));
    assertTrue(in("vers:generic/>=1.0|<2.3.4", "2.3.3"));
    assertFalse(in("vers:generic/>=1.0|<2.3.4", "2.3.4"));
    assertFalse(in("vers:generic/>=1.0|<2.3.4", "0.9"));
    assertTrue(in("vers:generic/<2.0", "1.9.9"));
    assertFalse(in("vers:generic/<2.0", "2.0"));
    assertTrue(in("vers:generic/>2.0", "2.0.1"));
    assertFalse(in("vers:generic/>2.0", "2.0"));
    assertTrue(in("vers:all/*", "0.0.1"));
    // Two intervals: the gap between them is out.
    String two = "vers:generic/>=1.0|<2.0|>=3.0|<4.0";
    assertTrue(in(two, "1.5"));
    assertFalse(in(two, "2.5"));
    assertTrue(in(two, "3.5"));
    assertFalse(in(two, "4.0"));
    assertTrue(in("vers:generic/1.2.3|2.0", "2.0"));
    assertFalse(in("vers:generic/1.2.3|2.0", "1.2.4"));
    assertFalse(in("vers:generic/>=1.0|!=1.5|<2.0", "1.5"));
    assertTrue(in("vers:generic/>=1.0|!=1.5|<2.0", "1.6"));
  }

  @Test
  void legacyCisaRangesWithBuilds() {
    String r = ">=  5.3.1 build 150410 | <= 5.4.4  Build 161125";
    assertTrue(in(r, "V5.3.1 build 150410"));
    assertTrue(in(r, "V5.4.4 build 161125"));
    assertTrue(in(r, "V5.4.0 build 160401"));
    assertFalse(in(r, "V5.4.4 build 161126"));
    assertFalse(in(r, "V5.4.5 build 170123"));
    assertFalse(in(r, "V5.3.1 build 150409"));
    assertTrue(in("< 2.820.0000000.48.R.220614", "V2.820.0000000.47.R.220101"));
    assertFalse(in("< 2.820.0000000.48.R.220614", "V2.820.0000000.48.R.220614"));
    assertTrue(in("<= 1.65.4", "1.65.4"));
    assertFalse(in("<= 1.65.4", "1.66.0"));
  }

  @Test
  void anUnreadableRangeSaysWhichPart() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(">=1.0|< soon"));
    assertTrue(e.getMessage().contains("'< soon'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(" "));
  }

  @Test
  void modelPlaceholdersAndSeries() {
    ModelPattern hik = ModelPattern.of("Hikvision", "DS-2CD2xx2FWD Series");
    assertTrue(hik.matches("HIKVISION", "DS-2CD2142FWD-IWS"));
    assertTrue(hik.matches("HIKVISION", "DS-2CD2032FWD-I"));
    assertFalse(hik.matches("HIKVISION", "DS-2CD2143G0-I"));
    ModelPattern spaced = ModelPattern.of("Hikvision", "DS- 2CD4x2xFWD Series");
    assertTrue(spaced.matches("Hikvision", "DS-2CD4025FWD-A"));
    ModelPattern dahua = ModelPattern.of("Dahua Technology Co, Ltd", "Dahua IPC-HDBW2XXX");
    assertTrue(dahua.matches("Dahua", "IPC-HDBW2431E-S"));
    assertFalse(dahua.matches("Dahua", "IPC-HDBW1431E"));
    ModelPattern axis = ModelPattern.of("Axis Communications", "AXIS A1001");
    assertTrue(axis.matches("AXIS", "A1001"));
    assertTrue(axis.matches("AXIS", "AXIS A1001"));
    assertFalse(axis.matches("AXIS", "A1001-X"), "a single model is not a family");
    assertFalse(axis.matches("AXIS", ""));
  }
}
