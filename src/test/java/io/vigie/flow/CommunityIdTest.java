package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.net.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test vectors published with the Community ID specification (corelight/community-id-spec). */
class CommunityIdTest {
  private final CommunityId cid = new CommunityId(0);

  @ParameterizedTest(name = "{0} {1}:{2} -> {3}:{4}")
  @CsvSource({
    "6,  128.232.110.120, 34855, 66.35.250.204, 80, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
    "6,  66.35.250.204, 80, 128.232.110.120, 34855, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
    "17, 192.168.1.52, 54585, 8.8.8.8, 53, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
    "17, 8.8.8.8, 53, 192.168.1.52, 54585, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
    "1,  192.168.0.89, 8, 192.168.0.1, 0, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
    "1,  192.168.0.1, 0, 192.168.0.89, 0, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
    "58, fe80::200:86ff:fe05:80da, 135, fe80::260:97ff:fe07:69ea, 0, 1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
    "58, fe80::260:97ff:fe07:69ea, 136, fe80::200:86ff:fe05:80da, 0, 1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
    "132, 192.168.170.8, 7, 192.168.170.56, 80, 1:jQgCxbku+pNGw8WPbEc/TS/uTpQ=",
    "132, 192.168.170.56, 80, 192.168.170.8, 7, 1:jQgCxbku+pNGw8WPbEc/TS/uTpQ=",
  })
  void matchesSpecVectors(
      int proto, String src, int sport, String dst, int dport, String expected) {
    IpAddress.Parsed s = IpAddress.parse(src);
    IpAddress.Parsed d = IpAddress.parse(dst);
    assertEquals(
        expected, cid.compute(s.version(), s.hi(), s.lo(), d.hi(), d.lo(), proto, sport, dport));
  }
}
