package io.vigie.gate;

import io.vigie.config.GateConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who may knock at the gate: identities from the config, found by token or by certificate CN.
 *
 * <pre>{@code
 * Identities ids = new Identities(gateConfig.identities());
 * Optional<GateConfig.Identity> who = ids.byToken(tokenFromPreamble);
 * }</pre>
 *
 * <p>Only SHA-256 hashes of tokens are configured. The presented token's hash is compared with
 * every configured hash in constant time ({@link MessageDigest#isEqual}), and the loop does not
 * stop at a match, so the time taken says nothing about which token, or how much of it, was right.
 */
public final class Identities {
  private final List<GateConfig.Identity> identities;
  private final byte[][] hashes;

  public Identities(List<GateConfig.Identity> identities) {
    this.identities = List.copyOf(identities);
    this.hashes = new byte[this.identities.size()][];
    for (int i = 0; i < hashes.length; i++) {
      String h = this.identities.get(i).tokenSha256();
      hashes[i] = h == null ? null : HexFormat.of().parseHex(h);
    }
  }

  public Optional<GateConfig.Identity> byToken(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(token.getBytes(StandardCharsets.UTF_8));
    GateConfig.Identity found = null;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != null && MessageDigest.isEqual(hashes[i], presented) && found == null) {
        found = identities.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  public Optional<GateConfig.Identity> byCertCn(String cn) {
    for (GateConfig.Identity i : identities) {
      if (i.certCn() != null && i.certCn().equals(cn)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Hex SHA-256 of a token, as written in {@code token_sha256}. */
  public static String hashOf(String token) {
    return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
