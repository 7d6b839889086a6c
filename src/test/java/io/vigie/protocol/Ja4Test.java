package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The parts of JA4 that the corpus captures do not reach (values from FoxIO's JA4 spec text). */
class Ja4Test {
  @Test
  void alpnCodeIsFirstAndLastCharacterOrTheirHexDigits() {
    assertEquals("h2", Ja4.alpnCode("h2"));
    assertEquals("h1", Ja4.alpnCode("http/1.1"));
    assertEquals("hh", Ja4.alpnCode("h"));
    assertEquals("00", Ja4.alpnCode(null));
    assertEquals("00", Ja4.alpnCode(""));
    assertEquals("ab", Ja4.alpnCode("\u00ab"));
    assertEquals("20", Ja4.alpnCode(" "));
    // One side alphanumeric, the other not: both become hex digits ("0" is 0x30, then 0xaa).
    assertEquals("3a", Ja4.alpnCode("0\u00aa"));
  }

  @Test
  void greaseValuesAreRecognised() {
    assertTrue(Ja4.grease(0x0a0a));
    assertTrue(Ja4.grease(0xfafa));
    assertFalse(Ja4.grease(0x0a1a));
    assertFalse(Ja4.grease(0x1301));
  }

  @Test
  void versionCodes() {
    assertEquals("13", Ja4.versionCode(0x0304));
    assertEquals("s3", Ja4.versionCode(0x0300));
    assertEquals("d2", Ja4.versionCode(0xfefd));
    assertEquals("00", Ja4.versionCode(0x1234));
  }

  @Test
  void truncatedOrForeignHellosGiveNoFingerprint() {
    byte[] notHello = {2, 0, 0, 40, 3, 3};
    assertNull(Ja4.client(notHello, 0, notHello.length, 't'));
    byte[] shortHello = new byte[20];
    shortHello[0] = 1;
    assertNull(Ja4.client(shortHello, 0, shortHello.length, 't'));
    assertNull(Ja4.server(shortHello, 0, shortHello.length, 't'));
  }
}
