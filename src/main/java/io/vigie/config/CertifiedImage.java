package io.vigie.config;

import java.util.Locale;

/**
 * A firmware image the town hall has certified: an image seen on the wire with this SHA-256 is a
 * known one (whether it was expected is for the maintenance windows to say).
 *
 * <pre>
 * certified_images:
 *   - { sha256: 7728a389…3d86, model: AV-D200, version: "V5.8.0 build 261118", file: av-d200_V5.8.0.bin }
 * </pre>
 *
 * @param sha256 64 hex digits, stored lower case
 * @param model camera model the image is for, or null
 * @param version firmware version the image installs, or null; matched against a window's expected
 *     {@code firmware_version}
 * @param file the image's usual file name, or null
 */
public record CertifiedImage(String sha256, String model, String version, String file) {
  public CertifiedImage {
    if (sha256 == null) {
      throw new IllegalArgumentException("missing 'sha256'");
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 hex digits");
    }
  }
}
