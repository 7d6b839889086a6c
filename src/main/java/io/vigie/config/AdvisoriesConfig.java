package io.vigie.config;

/**
 * Where the city keeps the CSAF 2.0 security advisories vigie matches its cameras against. The
 * directory is filled offline (a copy of the vendors' or CISA's advisories); vigie only reads it,
 * at start-up and on reload, and never fetches anything.
 *
 * <pre>
 * advisories: { csaf_dir: advisories/, max_file_bytes: 8388608 }
 * </pre>
 *
 * @param csafDir relative to the config file's directory; absent = no advisories, no {@code
 *     known_vulnerability} notice
 * @param maxFileBytes a larger file is reported as an error and skipped, before it is read
 */
public record AdvisoriesConfig(String csafDir, Long maxFileBytes) {
  public static final AdvisoriesConfig NONE = new AdvisoriesConfig(null, null);

  public AdvisoriesConfig {
    if (csafDir != null && csafDir.isBlank()) {
      throw new IllegalArgumentException("'csaf_dir' is empty");
    }
    if (maxFileBytes == null) {
      maxFileBytes = 8L << 20;
    } else if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("max_file_bytes must be positive, was " + maxFileBytes);
    }
  }

  public boolean enabled() {
    return csafDir != null;
  }
}
