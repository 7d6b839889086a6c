package io.vigie.firmware.onvif;

import io.vigie.firmware.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP Digest challenge (RFC 7616) and the {@code Authorization} header answering it, for
 * cameras that ask for Digest on top of (or instead of) WS-Security, and for the native vendor
 * APIs, which all use it.
 */
public record DigestChallenge(
    String realm, String nonce, String opaque, String algorithm, boolean qopAuth) {

  /** Parses the first Digest challenge of a {@code WWW-Authenticate} value. */
  public static Optional<DigestChallenge> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    int at = header.toLowerCase(Locale.ROOT).indexOf("digest ");
    if (at < 0) {
      return Optional.empty();
    }
    Map<String, String> p = new HashMap<>();
    String s = header.substring(at + 7);
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      String value;
      if (eq + 1 < s.length() && s.charAt(eq + 1) == '"') {
        int end = s.indexOf('"', eq + 2);
        if (end < 0) {
          return Optional.empty();
        }
        value = s.substring(eq + 2, end);
        i = end + 1;
      } else {
        int end = s.indexOf(',', eq);
        end = end < 0 ? s.length() : end;
        value = s.substring(eq + 1, end).trim();
        i = end;
      }
      p.putIfAbsent(key, value);
    }
    if (!p.containsKey("nonce")) {
      return Optional.empty();
    }
    String qop = p.getOrDefault("qop", "");
    boolean auth = false;
    for (String q : qop.split(",")) {
      auth |= q.trim().equals("auth");
    }
    return Optional.of(
        new DigestChallenge(
            p.getOrDefault("realm", ""),
            p.get("nonce"),
            p.get("opaque"),
            p.getOrDefault("algorithm", "MD5"),
            auth));
  }

  /** The {@code Authorization} header for one request. */
  public String authorization(Credentials c, String method, String uri, int nc, String cnonce) {
    String ha1 = h(c.username() + ":" + realm + ":" + c.password());
    String ha2 = h(method + ":" + uri);
    String ncs = String.format("%08x", nc);
    String response =
        qopAuth
            ? h(ha1 + ":" + nonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2)
            : h(ha1 + ":" + nonce + ":" + ha2);
    StringBuilder sb =
        new StringBuilder("Digest username=\"")
            .append(c.username())
            .append("\", realm=\"")
            .append(realm)
            .append("\", nonce=\"")
            .append(nonce)
            .append("\", uri=\"")
            .append(uri)
            .append("\", algorithm=")
            .append(algorithm)
            .append(", response=\"")
            .append(response)
            .append('"');
    if (qopAuth) {
      sb.append(", qop=auth, nc=").append(ncs).append(", cnonce=\"").append(cnonce).append('"');
    }
    if (opaque != null) {
      sb.append(", opaque=\"").append(opaque).append('"');
    }
    return sb.toString();
  }

  String h(String s) {
    String alg = algorithm.toUpperCase(Locale.ROOT).startsWith("SHA-256") ? "SHA-256" : "MD5";
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is in every JDK", e);
    }
  }
}
