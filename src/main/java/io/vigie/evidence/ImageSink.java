package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.protocol.FileSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps copies of files seen in clear on the wire (firmware images) in {@code <db>.images/}, each
 * named by its SHA-256 and vouched for by an {@code image_copy} record, so that {@code vigie
 * evidence verify} can tell a copy changed or removed afterwards.
 *
 * <pre>{@code
 * FileSink images = store.images();     // FileSink.NONE unless evidence.keep_images
 * new ProtocolEngine(expectations, names, images);
 * }</pre>
 *
 * <p>A copy is written to a temporary file, then renamed to {@code <sha256>.bin}; the same image
 * seen again is not stored twice (nor recorded twice). A copy larger than {@code image_max_bytes},
 * or one the disk refuses, is discarded and counted: the pipeline never fails for it. Copies count
 * against {@code store_max_bytes} with the slices, and retention deletes them after {@code
 * retention.image_copies_days} unless a legal hold covers them. Writes happen on the packet thread,
 * through a 64 KiB buffer.
 */
final class ImageSink implements FileSink {
  private static final System.Logger LOG = System.getLogger("io.vigie.evidence");

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final EvidenceSink records;

  /** Keeps the count of bytes against store_max_bytes, which copies share with slices. */
  private final SliceRecorder store;

  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  ImageSink(Path dir, long maxBytes, Clock clock, EvidenceSink records, SliceRecorder store) {
    this.store = store;
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.records = records;
  }

  /** Copies stored (new images). */
  long kept() {
    return kept.get();
  }

  /** Copies discarded: a gap, the size cap, or a write failure. */
  long aborted() {
    return aborted.get();
  }

  /** Of the aborted, those the disk refused. */
  long failed() {
    return failed.get();
  }

  @Override
  public Writer open() {
    if (store.atCap()) {
      aborted.incrementAndGet(); // store_max_bytes reached: counted, like a refused slice
      return null;
    }
    try {
      Path tmp = Files.createTempFile(dir, "copy-", ".part");
      try {
        return new Copy(tmp, new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    } catch (IOException e) {
      fail(e);
      return null;
    }
  }

  private void fail(IOException e) {
    aborted.incrementAndGet();
    if (failed.getAndIncrement() == 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot keep an image copy in {0}: {1} (further failures only counted)",
          dir,
          e.getMessage());
    }
  }

  private final class Copy implements Writer {
    private final Path tmp;
    private final OutputStream out;
    private long size;
    private boolean open = true;

    Copy(Path tmp, OutputStream out) {
      this.tmp = tmp;
      this.out = out;
    }

    @Override
    public boolean write(byte[] b, int off, int len) {
      if (!open) {
        return false;
      }
      size += len;
      if (size > maxBytes) {
        abort();
        return false;
      }
      try {
        out.write(b, off, len);
        return true;
      } catch (IOException e) {
        discard();
        fail(e);
        return false;
      }
    }

    @Override
    public void finish(String sha256) {
      if (!open) {
        return;
      }
      open = false;
      Path target = dir.resolve(sha256 + ".bin");
      try {
        out.close();
        if (Files.exists(target)) {
          Files.delete(tmp); // the same image, already kept and recorded
          return;
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.delete(tmp);
          return;
        }
      } catch (IOException e) {
        deleteQuietly();
        fail(e);
        return;
      }
      kept.incrementAndGet();
      store.added(size);
      Instant now = clock.instant();
      records.append(
          new EvidenceRecord(
              "image_copy",
              now.getEpochSecond() * 1_000_000_000L + now.getNano(),
              sha256,
              Map.of(
                  "sha256",
                  sha256,
                  "size",
                  size,
                  "path",
                  dir.getFileName() + "/" + sha256 + ".bin")));
    }

    @Override
    public void abort() {
      if (open) {
        discard();
        aborted.incrementAndGet();
      }
    }

    private void discard() {
      open = false;
      try {
        out.close();
      } catch (IOException e) {
        // the copy is being thrown away: a failing close changes nothing
      }
      deleteQuietly();
    }

    private void deleteQuietly() {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // a stray .part file is harmless: verify looks only at recorded images
      }
    }
  }
}
