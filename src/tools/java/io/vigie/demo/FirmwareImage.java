package io.vigie.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a camera firmware image: a vendor header naming the version, then
 * compressed-looking bytes. Same seed and size, same bytes, same SHA-256.
 *
 * <pre>{@code
 * FirmwareImage fw = FirmwareImage.of("AV-D200", "V5.8.0 build 261118", 262_144, 7);
 * String hash = fw.sha256();
 * }</pre>
 */
public record FirmwareImage(String fileName, byte[] bytes) {

  public static FirmwareImage of(String model, String version, int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    String header = "ACMEFW02\0" + model + "\0" + version + "\0";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, b, 0, Math.min(h.length, size));
    String file = model.toLowerCase(java.util.Locale.ROOT) + "_" + version.split(" ")[0] + ".bin";
    return new FirmwareImage(file, b);
  }

  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
