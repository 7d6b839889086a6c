package io.vigie.evidence;

import io.vigie.capture.PcapWriter;
import io.vigie.config.EvidenceConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Writes one pcap file per flagged flow ({@code <slices>/<yyyy-mm-dd>/<start>-<id>.pcap}) and, when
 * the flow ends, hands a {@code slice} record (file, SHA-256, bytes, packets) to the store.
 *
 * <p>Credentials are overwritten before they reach the file ({@link SliceRedactor}); the record
 * says so ({@code redacted}, {@code redacted_bytes}, {@code redacted_kinds}).
 *
 * <p>Runs on the pipeline thread. Per packet it only copies bytes into a buffered stream that also
 * digests them: no allocation, no lock, no logging. Limits: {@code slice_max_bytes} per file (the
 * slice stops and is marked truncated) and {@code store_max_bytes} for all slices (new slices are
 * refused). A write error (disk full) deletes the partial file, is counted and noticed, and new
 * slices are refused until the disk has room again; the database is not involved.
 */
final class SliceRecorder implements PacketRecorder {
  private static final HexFormat HEX = HexFormat.of();

  private final Path dir;
  private final long sliceMax;
  private final long storeMax;
  private final EvidenceMetrics metrics;
  private final NoticeSink notices;
  private final BiConsumer<Path, EvidenceRecord> done;
  private final AtomicLong storeBytes = new AtomicLong();
  private volatile boolean diskFull;
  private volatile boolean storeFullNoticed;

  SliceRecorder(
      Path dir,
      EvidenceConfig cfg,
      EvidenceMetrics metrics,
      NoticeSink notices,
      BiConsumer<Path, EvidenceRecord> done)
      throws IOException {
    this.dir = dir;
    this.sliceMax = cfg.sliceMaxBytes();
    this.storeMax = cfg.storeMaxBytes();
    this.metrics = metrics;
    this.notices = notices;
    this.done = done;
    try (Stream<Path> files = Files.walk(dir)) {
      storeBytes.set(files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum());
    }
  }

  /** Counts the image copies already in {@code imageDir} against store_max_bytes too. */
  SliceRecorder withImages(Path imageDir) throws IOException {
    if (Files.isDirectory(imageDir)) {
      try (Stream<Path> files = Files.walk(imageDir)) {
        storeBytes.addAndGet(
            files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum());
      }
    }
    return this;
  }

  /** Whether store_max_bytes (slices and image copies together) is reached. */
  boolean atCap() {
    return storeBytes.get() >= storeMax;
  }

  /** An image copy was kept: it counts against store_max_bytes like a slice. */
  void added(long bytes) {
    storeBytes.addAndGet(bytes);
  }

  /** Bytes of all slices on disk, as this recorder counts them. */
  long storeBytes() {
    return storeBytes.get();
  }

  /** A slice or an image copy was deleted (retention). */
  void released(long bytes) {
    storeBytes.addAndGet(-bytes);
    storeFullNoticed = false;
  }

  @Override
  public Recording begin(String communityId, long startNanos, int linkType) {
    if (storeBytes.get() >= storeMax) {
      metrics.sliceError(EvidenceMetrics.SliceError.STORE_CAP);
      if (!storeFullNoticed) {
        storeFullNoticed = true;
        notices.onNotice(
            NoticeType.EVIDENCE_SLICE_STORE_FULL.notice(
                startNanos,
                "evidence_slice_store_full:" + dir,
                communityId,
                "Pcap slices reached store_max_bytes ("
                    + storeMax
                    + " bytes) in "
                    + dir
                    + "; new slices are not recorded.",
                null,
                null));
      }
      return null;
    }
    if (diskFull) {
      try {
        if (Files.getFileStore(dir).getUsableSpace() < 2 * sliceMax) {
          metrics.sliceError(EvidenceMetrics.SliceError.DISK_FULL);
          return null;
        }
      } catch (IOException e) {
        metrics.sliceError(EvidenceMetrics.SliceError.DISK_FULL);
        return null;
      }
      diskFull = false;
    }
    String day =
        Instant.ofEpochSecond(Math.floorDiv(startNanos, 1_000_000_000L))
            .atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .toString();
    String rel =
        day
            + "/"
            + startNanos
            + "-"
            + ChainHash.sha256Hex(
                    String.valueOf(communityId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 16)
            + ".pcap";
    Path file = dir.resolve(rel);
    try {
      Files.createDirectories(file.getParent());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      OutputStream out =
          new BufferedOutputStream(
              new DigestOutputStream(
                  Files.newOutputStream(
                      file,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.TRUNCATE_EXISTING,
                      StandardOpenOption.WRITE),
                  sha),
              1 << 16);
      return new Slice(
          communityId,
          startNanos,
          linkType,
          file,
          rel,
          sha,
          new PcapWriter(out, linkType, 262_144));
    } catch (IOException e) {
      failed(startNanos, communityId, file, e);
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private void failed(long tsNanos, String communityId, Path file, IOException e) {
    boolean first = !diskFull;
    diskFull = true;
    metrics.sliceError(EvidenceMetrics.SliceError.WRITE_FAILED);
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The disk is failing already; the counted error says enough.
    }
    if (first) {
      notices.onNotice(
          NoticeType.EVIDENCE_SLICE_FAILED.notice(
              tsNanos,
              "evidence_slice_failed:" + dir,
              communityId,
              "A pcap slice could not be written to "
                  + dir
                  + " ("
                  + e.getMessage()
                  + "); slices stop until there is room again.",
              null,
              null));
    }
  }

  /** One flow's pcap file. */
  private final class Slice implements Recording {
    private final String communityId;
    private final long startNanos;
    private final int linkType;
    private final Path file;
    private final String rel;
    private final MessageDigest sha;
    private final PcapWriter pcap;
    private final SliceRedactor redactor;
    private long packets;
    private boolean truncated;
    private boolean broken;

    Slice(
        String communityId,
        long startNanos,
        int linkType,
        Path file,
        String rel,
        MessageDigest sha,
        PcapWriter pcap) {
      this.communityId = communityId;
      this.startNanos = startNanos;
      this.linkType = linkType;
      this.file = file;
      this.rel = rel;
      this.sha = sha;
      this.pcap = pcap;
      this.redactor = new SliceRedactor(linkType);
    }

    @Override
    public void packet(long tsNanos, byte[] buf, int off, int capLen, int wireLen) {
      if (broken || truncated) {
        return;
      }
      if (pcap.bytesWritten() + 16 + capLen > sliceMax) {
        truncated = true;
        metrics.sliceError(EvidenceMetrics.SliceError.SLICE_CAP);
        return;
      }
      try {
        if (redactor.apply(buf, off, capLen, wireLen)) {
          pcap.write(tsNanos, redactor.out(), 0, capLen, wireLen);
        } else {
          pcap.write(tsNanos, buf, off, capLen, wireLen);
        }
        packets++;
      } catch (IOException e) {
        broken = true;
        closeQuietly();
        failed(tsNanos, communityId, file, e);
      }
    }

    @Override
    public void finish(Session session) {
      if (broken) {
        return;
      }
      try {
        pcap.close();
      } catch (IOException e) {
        broken = true;
        failed(session == null ? startNanos : session.endNanos(), communityId, file, e);
        return;
      }
      long bytes = pcap.bytesWritten();
      storeBytes.addAndGet(bytes);
      metrics.sliceWritten(bytes);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("community_id", communityId);
      f.put("start", BigDecimal.valueOf(startNanos, 9).toPlainString());
      f.put("file", rel);
      f.put("sha256", HEX.formatHex(sha.digest()));
      f.put("bytes", bytes);
      f.put("packets", packets);
      f.put("truncated", truncated);
      f.put("link_type", linkType);
      // Credentials overwritten in the file (SliceRedactor), so a reader knows those bytes are not
      // as they were on the wire.
      f.put("redacted", redactor.redactedBytes() > 0);
      f.put("redacted_bytes", redactor.redactedBytes());
      f.put("redacted_kinds", redactor.rules());
      if (session != null) {
        f.put("end", BigDecimal.valueOf(session.endNanos(), 9).toPlainString());
      }
      done.accept(file, new EvidenceRecord("slice", startNanos, communityId, f));
    }

    private void closeQuietly() {
      try {
        pcap.close();
      } catch (IOException ignored) {
        // Already failing; the file is deleted next.
      }
    }
  }
}
