package io.vigie.firmware.onvif;

import io.vigie.firmware.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * WS-Security UsernameToken with PasswordDigest (OASIS UsernameToken Profile 1.0, section 3.1;
 * ONVIF Core 5.12): {@code Base64(SHA-1(nonce + created + password))}, with {@code created} on the
 * camera's clock, since cameras refuse a token whose time is far from their own.
 */
final class WsSecurity {
  static final String WSSE =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String WSU =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  static final String DIGEST_TYPE =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
  static final String NONCE_TYPE =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

  private WsSecurity() {}

  static String digest(byte[] nonce, String created, String password) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(nonce);
      sha1.update(created.getBytes(StandardCharsets.UTF_8));
      sha1.update(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is in every JDK", e);
    }
  }

  /** The {@code wsse:Security} header element. */
  static String header(Credentials c, byte[] nonce, Instant cameraNow) {
    String created = cameraNow.truncatedTo(ChronoUnit.SECONDS).toString();
    return "<wsse:Security xmlns:wsse=\""
        + WSSE
        + "\" xmlns:wsu=\""
        + WSU
        + "\" s:mustUnderstand=\"true\">"
        + "<wsse:UsernameToken><wsse:Username>"
        + SoapRequest.escape(c.username())
        + "</wsse:Username>"
        + "<wsse:Password Type=\""
        + DIGEST_TYPE
        + "\">"
        + digest(nonce, created, c.password())
        + "</wsse:Password>"
        + "<wsse:Nonce EncodingType=\""
        + NONCE_TYPE
        + "\">"
        + Base64.getEncoder().encodeToString(nonce)
        + "</wsse:Nonce><wsu:Created>"
        + created
        + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
  }
}
