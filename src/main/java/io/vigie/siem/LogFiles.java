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
 */
public final class LogFiles implements ExportSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.siem");

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
    try {
      f.write(line);
    } catch (IOException e) {
      if (failed.getAndIncrement() % 1000 == 0) {
        LOG.log(
            Level.WARNING,
            "event=log_file_write_failed file=" + f.path + " error=\"" + e.getMessage() + "\"");
      }
    }
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
    private long size;
    private long openedMillis;

    OneFile(Path path) {
      this.path = path;
    }

    synchronized void write(byte[] line) throws IOException {
      long now = clock.millis();
      if (ch != null
          && size > 0
          && (size + line.length > cfg.maxBytes()
              || now - openedMillis >= cfg.maxAgeSeconds() * 1000L)) {
        rotate();
      }
      if (ch == null) {
        open(now);
      }
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      size += line.length;
    }

    private void open(long now) throws IOException {
      ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      size = ch.size();
      // An existing file's age is unknown across a restart: its last change is the best guess.
      openedMillis = size == 0 ? now : Files.getLastModifiedTime(path).toMillis();
      openedMillis = Math.min(openedMillis, now);
    }

    private void rotate() throws IOException {
      ch.close();
      ch = null;
      int keep = cfg.keep();
      Files.deleteIfExists(rotated(keep));
      for (int i = keep - 1; i >= 1; i--) {
        Path from = rotated(i);
        if (Files.exists(from)) {
          Files.move(from, rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(path, rotated(1), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path rotated(int i) {
      return path.resolveSibling(path.getFileName() + "." + i);
    }

    synchronized void close() {
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
