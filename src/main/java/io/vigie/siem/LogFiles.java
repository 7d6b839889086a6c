package io.vigie.siem;

import io.vigie.config.OutputsConfig;
import io.vigie.output.ExportSink;
import io.vigie.output.Exported;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code outputs.files}: JSON Lines per record type, as Zeek's logs or Suricata's {@code eve.json}
 * are, for a shipper (Filebeat, Vector, {@code tail -F}) to read.
 *
 * <pre>
 * DIR/sessions.json   DIR/notices.json   DIR/windows.json   DIR/cameras.json
 *    └─ at max_bytes or max_age_seconds: .json ─► .json.1 ─► .json.2 ... (keep), new .json
 * </pre>
 *
 * <p>A reader never sees a torn line: each record is one {@code write} of the whole line to a file
 * opened for append, and rotation renames the finished file (a follower reading by name sees the
 * old file end with a whole line, then a new file). Checkpoints go to Kafka only.
 *
 * <p>A full disk never reaches the caller (the capture thread): a record it refuses is counted
 * ({@link #failed()}, {@code vigie_log_file_write_failures_total}) and logged once a minute per
 * file at most; a write cut short is cut back to the last whole line, as the Kafka spool does, so
 * the next line is not glued to it. (A follower that reads in the instant between the short write
 * and the cut may see the fragment, then the file shrink: Filebeat then reads the file again from
 * its start.) A rotation that fails leaves the current file open and written on.
 */
public final class LogFiles implements ExportSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.siem");
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final Path dir;
  private final OutputsConfig.FilesOutput cfg;
  private final Clock clock;
  private final Map<Exported.Stream, OneFile> files = new EnumMap<>(Exported.Stream.class);
  private final AtomicLong failed = new AtomicLong();

  public LogFiles(Path dir, OutputsConfig.FilesOutput cfg, Clock clock) throws IOException {
    this.dir = dir;
    this.cfg = cfg;
    this.clock = clock;
    Files.createDirectories(dir);
    for (Exported.Stream s : Exported.Stream.values()) {
      if (s != Exported.Stream.CHECKPOINTS) {
        files.put(s, new OneFile(dir.resolve(s.wireName() + ".json")));
      }
    }
  }

  /** The directory written to. */
  public Path dir() {
    return dir;
  }

  /** Records that could not be written (disk full, I/O error), counted and logged. */
  public long failed() {
    return failed.get();
  }

  @Override
  public void export(Exported r) {
    OneFile f = files.get(r.stream());
    if (f == null) {
      return;
    }
    byte[] line = new byte[r.json().length + 1];
    System.arraycopy(r.json(), 0, line, 0, r.json().length);
    line[line.length - 1] = '\n';
    f.write(line);
  }

  @Override
  public void close() {
    for (OneFile f : files.values()) {
      f.close();
    }
  }

  /** One record type's current file; its lock orders whole lines and rotation. */
  private final class OneFile {
    private final Path path;
    private FileChannel ch;
    // Bytes of whole lines in the current file: where a cut-short write is cut back to.
    private long size;
    private long openedMillis;
    // A full disk refuses every record: one warning per file and WARN_EVERY_MILLIS, not per record.
    private boolean failing;
    private long refused;
    private long refusedSinceWarning;
    private long warnedMillis;
    private boolean rotationFailing;
    private long rotationWarnedMillis;

    OneFile(Path path) {
      this.path = path;
    }

    /** Writes the line whole or not at all; never throws to the caller (the capture thread). */
    synchronized void write(byte[] line) {
      long now = clock.millis();
      try {
        if (ch != null
            && size > 0
            && (size + line.length > cfg.maxBytes()
                || now - openedMillis >= cfg.maxAgeSeconds() * 1000L)) {
          rotate(now);
        }
        if (ch == null) {
          open(now);
        }
        append(line);
      } catch (IOException e) {
        refused(now, e);
        return;
      }
      if (failing) {
        failing = false;
        LOG.info("event=log_file_write_resumed file=" + path + " refused=" + refused);
      }
    }

    private void refused(long now, IOException e) {
      failed.incrementAndGet();
      boolean first = !failing;
      if (first) {
        failing = true;
        refused = 0;
      }
      refused++;
      refusedSinceWarning++;
      if (first || now - warnedMillis >= WARN_EVERY_MILLIS) {
        LOG.warning(
            "event=log_file_write_failed file="
                + path
                + " refused="
                + refusedSinceWarning
                + " error=\""
                + e.getMessage()
                + "\"");
        warnedMillis = now;
        refusedSinceWarning = 0;
      }
    }

    private void append(byte[] line) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(line);
      try {
        while (b.hasRemaining()) {
          ch.write(b);
        }
      } catch (IOException e) {
        // A short write (ENOSPC) leaves part of the line: cut it off, or the next line would be
        // glued to it and a reader would take both for one malformed record.
        try {
          ch.truncate(size);
        } catch (IOException again) {
          // Cannot cut it here: open() cuts a torn tail before anything else is appended.
          closeChannel();
        }
        throw e;
      }
      size += line.length;
    }

    private void open(long now) throws IOException {
      FileChannel c =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      try {
        size = cutTornTail(c);
      } catch (IOException e) {
        c.close();
        throw e;
      }
      ch = c;
      // An existing file's age is unknown across a restart: its last change is the best guess.
      openedMillis = size == 0 ? now : Files.getLastModifiedTime(path).toMillis();
      openedMillis = Math.min(openedMillis, now);
    }

    /**
     * The length of the file's whole lines. A last line without its newline (a write cut short that
     * could not be cut back, a crash) is cut off here, so the next line does not join it.
     */
    private long cutTornTail(FileChannel c) throws IOException {
      long end = c.size();
      if (end == 0) {
        return 0;
      }
      // READ and APPEND cannot share a channel.
      try (FileChannel r = FileChannel.open(path, StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long from = end;
        while (from > 0) {
          int n = (int) Math.min(b.capacity(), from);
          from -= n;
          b.clear().limit(n);
          while (b.hasRemaining() && r.read(b, from + b.position()) >= 0) {
            // read the whole chunk
          }
          for (int i = b.position() - 1; i >= 0; i--) {
            if (b.get(i) == '\n') {
              long whole = from + i + 1;
              if (whole < end) {
                c.truncate(whole);
                LOG.warning(
                    "event=log_file_torn_line_cut file=" + path + " bytes=" + (end - whole));
              }
              return whole;
            }
          }
        }
      }
      c.truncate(0);
      LOG.warning("event=log_file_torn_line_cut file=" + path + " bytes=" + end);
      return 0;
    }

    /**
     * Renames the current file to {@code .1} (older ones up to {@code .keep}) before closing it: a
     * rotation that fails leaves it open and whole, written on past max_bytes, and is tried again
     * at the next record.
     */
    private void rotate(long now) {
      try {
        int keep = cfg.keep();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
          Path from = rotated(i);
          if (Files.exists(from)) {
            Files.move(from, rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
          }
        }
        Files.move(path, rotated(1), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!rotationFailing || now - rotationWarnedMillis >= WARN_EVERY_MILLIS) {
          rotationFailing = true;
          rotationWarnedMillis = now;
          LOG.warning(
              "event=log_file_rotation_failed file="
                  + path
                  + " error=\""
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + "\"");
        }
        return;
      }
      rotationFailing = false;
      closeChannel();
    }

    private Path rotated(int i) {
      return path.resolveSibling(path.getFileName() + "." + i);
    }

    synchronized void close() {
      closeChannel();
    }

    private void closeChannel() {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          LOG.log(Level.WARNING, "event=log_file_close_failed file=" + path, e);
        }
        ch = null;
      }
    }
  }
}
