package io.vigie.notice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable notice identifiers: the same fact gives the same id, in every run and on every machine, so
 * that repeats can be suppressed and a notice found again in the evidence store.
 *
 * <pre>{@code
 * String id = NoticeIds.of("phone_home", session.communityId());
 * String id2 = NoticeIds.of("new_external_endpoint", "cam-001", "198.51.100.7");
 * }</pre>
 *
 * <p>The id is the first 16 hex digits (64 bits) of SHA-256 over the type and the facts, each
 * followed by a NUL byte so that ("ab","c") and ("a","bc") differ.
 */
public final class NoticeIds {
  private NoticeIds() {}

  public static String of(String type, String... facts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha.update(type.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    for (String f : facts) {
      sha.update(String.valueOf(f).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    byte[] d = sha.digest();
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 8; i++) {
      sb.append(Character.forDigit((d[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(d[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
