package io.vigie.api;

import io.vigie.config.ApiConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Bearer token → principal, knowing only the SHA-256 of each token.
 *
 * <pre>{@code
 * TokenVerifier v = new TokenVerifier(config.tokens());
 * Optional<Principal> who = v.verify(bearer);
 * }</pre>
 *
 * <p>The digest of the presented token is compared with every configured digest with {@link
 * MessageDigest#isEqual} (constant time) and without stopping at the first match, so the time taken
 * says nothing about which token, or which prefix of one, was close.
 */
public final class TokenVerifier {
  private final List<Entry> entries;

  private record Entry(byte[] digest, Principal principal) {}

  public TokenVerifier(List<ApiConfig.Token> tokens) {
    this.entries =
        tokens.stream()
            .map(
                t ->
                    new Entry(
                        HexFormat.of().parseHex(t.sha256()),
                        new Principal(t.name(), new LinkedHashSet<>(t.roles()), t.person())))
            .toList();
  }

  /** The principal whose token this is, or empty. */
  public Optional<Principal> verify(String token) {
    byte[] presented = sha256(token);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(presented, e.digest()) && found == null) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The hex SHA-256 of a token's UTF-8 bytes: the value to put in the config. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
