package io.vigie.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a record is hashed into the chain:
 *
 * <pre>
 * content = {"fields":&lt;canonical fields&gt;,"id":42,"kind":"session","subject":"1:abc=","ts":1763859723000000000}
 * hash    = hex(SHA-256(prev + "\n" + content))       prev = hash of record 41, or 64 zeros for record 1
 * </pre>
 *
 * <p>Everything that identifies and places a record (id, kind, time, subject) is inside the hash,
 * so moving, renumbering or re-dating a row breaks the chain as surely as editing it. Not
 * thread-safe: each thread keeps its own instance.
 */
final class ChainHash {
  static final String GENESIS = "0".repeat(64);
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest sha256;
  private final StringBuilder sb = new StringBuilder(512);

  ChainHash() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The canonical content of a record, from its stored columns. */
  static String content(long id, String kind, long ts, String subject, String fieldsJson) {
    StringBuilder b = new StringBuilder(fieldsJson.length() + 96);
    appendContent(b, id, kind, ts, subject, fieldsJson);
    return b.toString();
  }

  private static void appendContent(
      StringBuilder b, long id, String kind, long ts, String subject, String fieldsJson) {
    b.append("{\"fields\":").append(fieldsJson).append(",\"id\":").append(id).append(",\"kind\":");
    CanonicalJson.string(b, kind);
    b.append(",\"subject\":");
    if (subject == null) {
      b.append("null");
    } else {
      CanonicalJson.string(b, subject);
    }
    b.append(",\"ts\":").append(ts).append('}');
  }

  String hash(String prev, long id, String kind, long ts, String subject, String fieldsJson) {
    sb.setLength(0);
    sb.append(prev).append('\n');
    appendContent(sb, id, kind, ts, subject, fieldsJson);
    return HEX.formatHex(sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
