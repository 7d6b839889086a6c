package io.vigie.firmware.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.firmware.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpAuthTest {
  @Test
  void digestAnswersTheRfc2617Example() {
    // RFC 2617 section 3.5 (with the method and uri the example uses).
    DigestChallenge ch =
        DigestChallenge.parse(
                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                    + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
            .orElseThrow();
    String h =
        ch.authorization(
            new Credentials("Mufasa", "Circle Of Life"), "GET", "/dir/index.html", 1, "0a4f113b");
    assertTrue(h.contains("response=\"6629fae49393a05397450978507c4ef1\""), h);
    assertTrue(
        h.contains("nc=00000001") && h.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), h);
  }

  @Test
  void noDigestChallengeInBasicOnly() {
    assertFalse(DigestChallenge.parse("Basic realm=\"cam\"").isPresent());
    assertFalse(DigestChallenge.parse("Digest realm=\"no nonce\"").isPresent());
  }

  @Test
  void usernameTokenDigestFollowsTheProfile() throws Exception {
    byte[] nonce = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String header =
        WsSecurity.header(
            new Credentials("vigie-audit", "s3cret"),
            nonce,
            Instant.parse("2026-11-23T02:00:00.750Z"));
    // created is whole seconds on the camera's clock; digest = Base64(SHA-1(nonce + created +
    // password)).
    assertTrue(header.contains("<wsu:Created>2026-11-23T02:00:00Z</wsu:Created>"), header);
    java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
    sha1.update(nonce);
    sha1.update("2026-11-23T02:00:00Zs3cret".getBytes(StandardCharsets.UTF_8));
    String expected = Base64.getEncoder().encodeToString(sha1.digest());
    assertTrue(header.contains(">" + expected + "</wsse:Password>"), header);
    assertFalse(header.contains("s3cret"));
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    assertEquals(
        "Credentials[username=u, password=***]", new Credentials("u", "hunter2").toString());
  }
}
