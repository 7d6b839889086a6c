package io.vigie.config;

/**
 * The evidence store: where it lives, how often the chain is signed, what pcap slices may cost.
 *
 * <pre>
 * evidence:
 *   path: /var/lib/vigie/evidence.db
 *   key_file: /var/lib/vigie/evidence.db.key   # default: next to the database
 *   checkpoint_records: 10000
 *   checkpoint_seconds: 60
 *   batch_size: 4096
 *   slice_max_bytes: 16777216
 *   store_max_bytes: 1073741824
 *   retention:                  # per kind, see RetentionConfig; defaults: 30 days (CSI art. L252-5)
 *     slices_days: 30
 *     image_copies_days: 30
 *     metadata_days: 0
 *   keep_images: false          # true: keep a copy of each file seen in clear, under its SHA-256
 *   image_max_bytes: 67108864   # a bigger file is hashed but not copied
 *   record_max_bytes: 16384     # one record's fields at most; longer texts are cut, with a marker
 *   db_max_bytes: 4294967296    # the database as a whole: alert at 90%, abuse summaries dropped beyond
 *   timestamping: {urls: [...], ca_file: ...}   # see TimestampingConfig; default none
 *   anchors: {file: ...}                         # see AnchorsConfig
 * </pre>
 *
 * @param path database file, or null when evidence is off (replay may still give one)
 * @param keyFile Ed25519 private key (PKCS#8 PEM, mode 0600), created on first start; null means
 *     {@code <db>.key}. The public key is written beside it: {@code <db>.pub}, or {@code
 *     <key_file>.pub} when key_file is set
 * @param sliceDir directory of pcap slices; null means {@code <db>.slices}
 * @param checkpointRecords sign the chain head at least every this many records
 * @param checkpointSeconds and at least this often while records arrive
 * @param batchSize records committed in one transaction at most
 * @param queueCapacity records waiting for the writer at most; appenders wait beyond it
 * @param sliceMaxBytes one pcap slice stops growing at this size (marked truncated)
 * @param storeMaxBytes all pcap slices together; new slices are refused beyond it
 * @param retentionDays pcap slices older than this are deleted (the records stay); the older
 *     spelling of {@code retention.slices_days}, which it may not contradict
 * @param keepImages keep a copy of every file hashed on the wire (HTTP, FTP, TFTP transfers) in
 *     {@code <db>.images/<sha256>.bin}; the copy is written on the packet thread, so this costs
 *     capture time and disk for every clear-text transfer (default false)
 * @param imageMaxBytes a file larger than this is not copied (its hash is still reported)
 * @param recordMaxBytes canonical JSON of one record's fields at most: the longest text values are
 *     cut (marked, and counted) so that no peer-controlled text makes a record of any size
 * @param dbMaxBytes the database file as a whole: exported as a metric for an alert at 90%; at the
 *     cap, per-minute summaries of refused requests are no longer kept (counted as dropped),
 *     everything else still is
 * @param retention how long each kind is kept ({@link RetentionConfig})
 * @param timestamping the TSAs that stamp checkpoints, or null for none
 * @param anchors where checkpoints are published outside the store's folder
 */
public record EvidenceConfig(
    String path,
    String keyFile,
    String sliceDir,
    Integer checkpointRecords,
    Integer checkpointSeconds,
    Integer batchSize,
    Integer queueCapacity,
    Long sliceMaxBytes,
    Long storeMaxBytes,
    Integer retentionDays,
    Boolean keepImages,
    Long imageMaxBytes,
    Integer recordMaxBytes,
    Long dbMaxBytes,
    RetentionConfig retention,
    TimestampingConfig timestamping,
    AnchorsConfig anchors) {

  public static final EvidenceConfig DEFAULTS =
      new EvidenceConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null);

  /**
   * The settings from before the record and database caps and retention per kind: they take their
   * defaults.
   */
  public EvidenceConfig(
      String path,
      String keyFile,
      String sliceDir,
      Integer checkpointRecords,
      Integer checkpointSeconds,
      Integer batchSize,
      Integer queueCapacity,
      Long sliceMaxBytes,
      Long storeMaxBytes,
      Integer retentionDays,
      Boolean keepImages,
      Long imageMaxBytes) {
    this(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        retentionDays,
        keepImages,
        imageMaxBytes,
        null,
        null,
        null,
        null,
        null);
  }

  /** With the record and database caps, retention from {@code retention_days}. */
  public EvidenceConfig(
      String path,
      String keyFile,
      String sliceDir,
      Integer checkpointRecords,
      Integer checkpointSeconds,
      Integer batchSize,
      Integer queueCapacity,
      Long sliceMaxBytes,
      Long storeMaxBytes,
      Integer retentionDays,
      Boolean keepImages,
      Long imageMaxBytes,
      Integer recordMaxBytes,
      Long dbMaxBytes) {
    this(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        retentionDays,
        keepImages,
        imageMaxBytes,
        recordMaxBytes,
        dbMaxBytes,
        null,
        null,
        null);
  }

  /** With retention per kind and the default caps. */
  public EvidenceConfig(
      String path,
      String keyFile,
      String sliceDir,
      Integer checkpointRecords,
      Integer checkpointSeconds,
      Integer batchSize,
      Integer queueCapacity,
      Long sliceMaxBytes,
      Long storeMaxBytes,
      Integer retentionDays,
      Boolean keepImages,
      Long imageMaxBytes,
      RetentionConfig retention) {
    this(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        retentionDays,
        keepImages,
        imageMaxBytes,
        null,
        null,
        retention,
        null,
        null);
  }

  /** With time-stamping and anchors, the default caps and retention from {@code retention_days}. */
  public EvidenceConfig(
      String path,
      String keyFile,
      String sliceDir,
      Integer checkpointRecords,
      Integer checkpointSeconds,
      Integer batchSize,
      Integer queueCapacity,
      Long sliceMaxBytes,
      Long storeMaxBytes,
      Integer retentionDays,
      Boolean keepImages,
      Long imageMaxBytes,
      TimestampingConfig timestamping,
      AnchorsConfig anchors) {
    this(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        retentionDays,
        keepImages,
        imageMaxBytes,
        null,
        null,
        null,
        timestamping,
        anchors);
  }

  /** The settings from before images were kept: none are. */
  public EvidenceConfig(
      String path,
      String keyFile,
      String sliceDir,
      Integer checkpointRecords,
      Integer checkpointSeconds,
      Integer batchSize,
      Integer queueCapacity,
      Long sliceMaxBytes,
      Long storeMaxBytes,
      Integer retentionDays) {
    this(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        retentionDays,
        null,
        null);
  }

  public EvidenceConfig {
    checkpointRecords = positive("checkpoint_records", checkpointRecords, 10_000);
    checkpointSeconds = positive("checkpoint_seconds", checkpointSeconds, 60);
    batchSize = positive("batch_size", batchSize, 4096);
    queueCapacity = positive("queue_capacity", queueCapacity, 65_536);
    sliceMaxBytes = positive("slice_max_bytes", sliceMaxBytes, 16L << 20);
    storeMaxBytes = positive("store_max_bytes", storeMaxBytes, 1L << 30);
    if (retentionDays != null && retention != null) {
      throw new IllegalArgumentException(
          "retention_days is the older spelling of retention.slices_days: give "
              + "the retention section only");
    }
    if (retention == null) {
      retention =
          new RetentionConfig(
              positive("retention_days", retentionDays, RetentionConfig.LEGAL_MAX_DAYS),
              null,
              null);
    }
    retentionDays = retention.slicesDays();
    keepImages = keepImages != null && keepImages;
    imageMaxBytes = positive("image_max_bytes", imageMaxBytes, 64L << 20);
    recordMaxBytes = positive("record_max_bytes", recordMaxBytes, 16 * 1024);
    if (recordMaxBytes < 1024) {
      throw new IllegalArgumentException(
          "record_max_bytes must be at least 1024, was " + recordMaxBytes);
    }
    dbMaxBytes = positive("db_max_bytes", dbMaxBytes, 4L << 30);
    anchors = anchors == null ? AnchorsConfig.DEFAULTS : anchors;
    if (sliceMaxBytes < 24 + 16) {
      throw new IllegalArgumentException(
          "slice_max_bytes must hold at least one packet, was " + sliceMaxBytes);
    }
  }

  /** The same settings with another batch size (the bench varies it). */
  public EvidenceConfig withBatchSize(int size) {
    return new EvidenceConfig(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        size,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        null,
        keepImages,
        imageMaxBytes,
        recordMaxBytes,
        dbMaxBytes,
        retention,
        timestamping,
        anchors);
  }

  /** The same settings with other TSAs and anchors (tests and the bench vary them). */
  public EvidenceConfig withAnchoring(TimestampingConfig tsa, AnchorsConfig anchorsConfig) {
    return new EvidenceConfig(
        path,
        keyFile,
        sliceDir,
        checkpointRecords,
        checkpointSeconds,
        batchSize,
        queueCapacity,
        sliceMaxBytes,
        storeMaxBytes,
        null,
        keepImages,
        imageMaxBytes,
        recordMaxBytes,
        dbMaxBytes,
        retention,
        tsa,
        anchorsConfig);
  }

  private static Integer positive(String key, Integer v, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }

  private static Long positive(String key, Long v, long dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
