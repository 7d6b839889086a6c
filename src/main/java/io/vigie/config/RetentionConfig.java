package io.vigie.config;

/**
 * How long each kind of evidence is kept. French law caps the keeping of video-protection images at
 * one month, save for a judicial procedure (Code de la sécurité intérieure, art. L252-5): pcap
 * slices (which may carry images: MJPEG, snapshots over HTTP) and copies of files seen on the wire
 * default to 30 days. A legal hold on a case keeps what it covers past these periods.
 *
 * <pre>
 * evidence:
 *   retention:
 *     slices_days: 30          # pcap slices
 *     image_copies_days: 30    # &lt;db&gt;.images/&lt;sha256&gt;.bin (evidence.keep_images)
 *     metadata_days: 0         # chain records: 0 = for the life of the store (see below)
 * </pre>
 *
 * @param slicesDays pcap slices older than this are deleted, the deletion recorded
 * @param imageCopiesDays image copies older than this are deleted, the deletion recorded
 * @param metadataDays the chain's records (who, when, hashes; no image): they are hash-chained, so
 *     one cannot be deleted without breaking the chain; only 0 (the life of the store) is accepted,
 *     and a site that must end their keeping starts a new store
 */
public record RetentionConfig(Integer slicesDays, Integer imageCopiesDays, Integer metadataDays) {
  /** One month, CSI art. L252-5. */
  public static final int LEGAL_MAX_DAYS = 30;

  public static final RetentionConfig DEFAULTS = new RetentionConfig(null, null, null);

  public RetentionConfig {
    slicesDays = positive("slices_days", slicesDays);
    imageCopiesDays = positive("image_copies_days", imageCopiesDays);
    metadataDays = metadataDays == null ? 0 : metadataDays;
    if (metadataDays != 0) {
      throw new IllegalArgumentException(
          "metadata_days must be 0 (kept for the life of the store): records are "
              + "hash-chained and cannot be deleted one by one; was "
              + metadataDays);
    }
  }

  private static Integer positive(String key, Integer v) {
    if (v == null) {
      return LEGAL_MAX_DAYS;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
