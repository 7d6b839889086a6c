package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CaptureOptionsTest {
  @Test
  void badValuesAreRefusedWithTheirValue() {
    assertEquals(
        "snaplen must be 1..262144, not 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CaptureOptions("lo", "", 0, 1 << 20, true, 100, false))
            .getMessage());
    assertEquals(
        "interface name is empty",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CaptureOptions(" ", "", 100, 1 << 20, true, 100, false))
            .getMessage());
    assertEquals(
        "capture buffer must be at least 65536 bytes, not 1000",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CaptureOptions("lo", "", 100, 1000, true, 100, false))
            .getMessage());
    assertEquals(
        "read timeout must be 1..60000 ms, not 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CaptureOptions("lo", "", 100, 1 << 20, true, 0, false))
            .getMessage());
  }

  @Test
  void defaultsCaptureWholePacketsWithoutFilter() {
    CaptureOptions o = CaptureOptions.defaults("eth1").withFilter("tcp");
    assertEquals(new CaptureOptions("eth1", "tcp", 262_144, 128 << 20, true, 100, false), o);
    assertEquals("", new CaptureOptions("eth1", null, 100, 1 << 16, false, 1, true).filter());
  }
}
