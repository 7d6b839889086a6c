package io.vigie.kafka;

import io.vigie.output.Exported;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where records wait for Kafka, on disk, so that an outage or a restart loses nothing the spool
 * took. Two lanes, each a run of segment files of lines {@code stream TAB key TAB json}:
 *
 * <pre>
 * DIR/priority/000000000001.seg ...   notices, checkpoints, windows, cameras: never dropped
 * DIR/sessions/000000000001.seg ...   sessions: over spool_max_bytes, the oldest segment goes
 * DIR/&lt;lane&gt;/cursor                      "segment offset" of the first record not yet acknowledged
 * </pre>
 *
 * <p>The spool thread appends (one fsync per batch); the sender reads from the cursors ({@link
 * #peek}), and moves them once Kafka acknowledged ({@link #commit}). A record read but not
 * acknowledged before a crash is sent again: at-least-once, consumers dedupe by key.
 */
final class Spool {
  private final long maxBytes;
  private final long segmentBytes;
  private final Lane priority;
  private final Lane sessions;
  private long dropped;
  private long droppedUnwritable;
  private long writeFailures;
  private String lastError;

  Spool(Path dir, long maxBytes) throws IOException {
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(4_096, Math.min(maxBytes / 16, 64L << 20));
    this.priority = new Lane(dir.resolve("priority"));
    this.sessions = new Lane(dir.resolve("sessions"));
  }

  /**
   * Appends a batch and syncs it; then drops the oldest sessions while over the budget.
   *
   * <p>A record the disk refuses (full, read-only) is rolled back, never left torn. The oldest
   * sessions then go to make room, and the record is tried once more; a session that still does not
   * fit is dropped and counted, a notice, checkpoint or camera record is handed back so that the
   * caller keeps it (in memory) and tries again: the spool never drops one.
   *
   * @return the records the disk refused that must not be dropped, in their order
   */
  synchronized List<Exported> append(List<Exported> batch) {
    List<Exported> refused = new ArrayList<>();
    for (Exported e : batch) {
      if (!refused.isEmpty() && !e.stream().expendable()) {
        refused.add(e); // keep the priority lane's order: nothing overtakes a refused record
        continue;
      }
      Lane lane = e.stream().expendable() ? sessions : priority;
      byte[] line = line(e);
      if (tryWrite(lane, line)) {
        continue;
      }
      if (sessions.dropOldest(DropReason.UNWRITABLE) && tryWrite(lane, line)) {
        continue;
      }
      if (e.stream().expendable()) {
        droppedUnwritable++;
      } else {
        refused.add(e);
      }
    }
    for (Lane lane : List.of(priority, sessions)) {
      try {
        lane.sync();
      } catch (IOException ex) {
        // The lines are written (in the page cache); only their durability across a crash is
        // in doubt. Counted: the disk is failing.
        writeFailures++;
        lastError = ex.getMessage();
      }
    }
    while (bytes() > maxBytes && sessions.dropOldest(DropReason.OVER_BUDGET)) {
      // each pass drops one segment of sessions, counted
    }
    return refused;
  }

  private boolean tryWrite(Lane lane, byte[] line) {
    try {
      lane.write(line);
      return true;
    } catch (IOException ex) {
      writeFailures++;
      lastError = ex.getMessage();
      return false;
    }
  }

  private enum DropReason {
    OVER_BUDGET,
    UNWRITABLE
  }

  private static byte[] line(Exported e) {
    byte[] head =
        (e.stream().wireName() + "\t" + (e.key() == null ? "" : e.key().replace('\t', ' ')) + "\t")
            .getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[head.length + e.json().length + 1];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(e.json(), 0, line, head.length, e.json().length);
    line[line.length - 1] = '\n';
    return line;
  }

  /** Records waiting, priority lane first, at most {@code max}. */
  synchronized Batch peek(int max) throws IOException {
    List<Exported> out = new ArrayList<>();
    Position p = priority.read(max, out);
    Position s = sessions.read(max - out.size(), out);
    return new Batch(out, p, s);
  }

  /** The batch was acknowledged: its records leave the spool. */
  synchronized void commit(Batch b) throws IOException {
    priority.advance(b.priority());
    sessions.advance(b.sessions());
  }

  /** Records in the spool, not yet acknowledged. */
  synchronized long records() {
    return priority.records() + sessions.records();
  }

  /** Bytes in the spool, not yet acknowledged. */
  synchronized long bytes() {
    return priority.bytes() + sessions.bytes();
  }

  /** Sessions dropped because the spool was over its budget. */
  synchronized long dropped() {
    return dropped;
  }

  /** Sessions dropped because the disk refused them (full, read-only), the oldest first. */
  synchronized long droppedUnwritable() {
    return droppedUnwritable;
  }

  /** Writes (or syncs) the disk refused; each refused record was rolled back. */
  synchronized long writeFailures() {
    return writeFailures;
  }

  /** The disk's last refusal, or null. */
  synchronized String lastError() {
    return lastError;
  }

  synchronized void close() throws IOException {
    priority.close();
    sessions.close();
  }

  /** Records read from the spool and where each lane's cursor goes once they are acknowledged. */
  record Batch(List<Exported> records, Position priority, Position sessions) {}

  /** A cursor: segment number, byte offset in it, records before it in that segment. */
  record Position(long seq, long offset, int recordsBefore) {}

  private static final class Segment {
    final long seq;
    final Path path;
    long size;
    int records;

    Segment(long seq, Path path) {
      this.seq = seq;
      this.path = path;
    }
  }

  private final class Lane {
    private final Path dir;
    private final Path cursorFile;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel tail;
    private Position cursor;

    Lane(Path dir) throws IOException {
      this.dir = dir;
      this.cursorFile = dir.resolve("cursor");
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
        ds.forEach(files::add);
      }
      files.sort(null);
      for (Path f : files) {
        Segment s = new Segment(Long.parseLong(f.getFileName().toString().replace(".seg", "")), f);
        scan(s);
        segments.add(s);
      }
      cursor = readCursor();
    }

    /** Counts whole lines; a torn last line (a crash mid-write) is cut off. */
    private void scan(Segment s) throws IOException {
      byte[] all = Files.readAllBytes(s.path);
      int lastEnd = 0;
      int n = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          n++;
          lastEnd = i + 1;
        }
      }
      if (lastEnd < all.length) {
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.WRITE)) {
          ch.truncate(lastEnd);
        }
      }
      s.size = lastEnd;
      s.records = n;
    }

    private Position readCursor() throws IOException {
      Segment head = segments.peekFirst();
      if (head == null) {
        return new Position(0, 0, 0);
      }
      if (Files.exists(cursorFile)) {
        String[] f = Files.readString(cursorFile).trim().split(" ");
        long seq = Long.parseLong(f[0]);
        long off = Long.parseLong(f[1]);
        if (seq == head.seq && off <= head.size) {
          return new Position(seq, off, countLines(head.path, off));
        }
      }
      return new Position(head.seq, 0, 0);
    }

    private int countLines(Path p, long upTo) throws IOException {
      byte[] all = Files.readAllBytes(p);
      int n = 0;
      for (int i = 0; i < upTo && i < all.length; i++) {
        if (all[i] == '\n') {
          n++;
        }
      }
      return n;
    }

    void write(byte[] line) throws IOException {
      Segment last = segments.peekLast();
      if (tail == null || last == null || last.size >= segmentBytes) {
        if (tail != null) {
          tail.close();
          tail = null;
        }
        long seq = last == null ? 1 : last.seq + 1;
        Segment s = new Segment(seq, dir.resolve(String.format("%012d.seg", seq)));
        tail =
            FileChannel.open(
                s.path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        s.size = tail.size();
        segments.add(s);
        if (segments.size() == 1) {
          cursor = new Position(seq, 0, 0);
        }
        last = s;
      }
      ByteBuffer b = ByteBuffer.wrap(line);
      try {
        while (b.hasRemaining()) {
          tail.write(b);
        }
      } catch (IOException e) {
        // A short write (ENOSPC) leaves part of a line: cut it off, or the next line would be
        // glued to it and the reader would take both for one malformed record.
        try {
          tail.truncate(last.size);
        } catch (IOException again) {
          // Cannot even cut: the reader stops at last.size; start the next line in a new segment.
          tail.close();
          tail = null;
          last.size = segmentBytes;
        }
        throw e;
      }
      last.size += line.length;
      last.records++;
    }

    void sync() throws IOException {
      if (tail != null) {
        tail.force(false);
      }
    }

    Position read(int max, List<Exported> out) throws IOException {
      Position p = cursor;
      for (Segment s : segments) {
        if (max <= 0) {
          break;
        }
        if (s.seq < p.seq()) {
          continue;
        }
        long off = s.seq == p.seq() ? p.offset() : 0;
        int before = s.seq == p.seq() ? p.recordsBefore() : 0;
        if (off >= s.size) {
          p = new Position(s.seq, off, before);
          continue;
        }
        int want = (int) Math.min(s.size - off, 4L << 20);
        byte[] buf = new byte[want];
        try (RandomAccessFile f = new RandomAccessFile(s.path.toFile(), "r")) {
          f.seek(off);
          f.readFully(buf);
        }
        int start = 0;
        for (int i = 0; i < buf.length && max > 0; i++) {
          if (buf[i] == '\n') {
            out.add(parse(buf, start, i));
            start = i + 1;
            max--;
            before++;
          }
        }
        p = new Position(s.seq, off + start, before);
        if (off + start < s.size) {
          break; // stopped inside this segment
        }
      }
      return p;
    }

    private Exported parse(byte[] b, int from, int to) {
      int t1 = indexOf(b, from, to, (byte) '\t');
      int t2 = indexOf(b, t1 + 1, to, (byte) '\t');
      String stream = new String(b, from, t1 - from, StandardCharsets.UTF_8);
      String key = new String(b, t1 + 1, t2 - t1 - 1, StandardCharsets.UTF_8);
      byte[] json = java.util.Arrays.copyOfRange(b, t2 + 1, to);
      Exported.Stream st = Exported.Stream.SESSIONS;
      for (Exported.Stream x : Exported.Stream.values()) {
        if (x.wireName().equals(stream)) {
          st = x;
        }
      }
      return new Exported(st, key.isEmpty() ? null : key, json);
    }

    private int indexOf(byte[] b, int from, int to, byte c) {
      for (int i = from; i < to; i++) {
        if (b[i] == c) {
          return i;
        }
      }
      throw new IllegalStateException("spool line without its fields in " + dir);
    }

    void advance(Position p) throws IOException {
      if (p.seq() < cursor.seq() || (p.seq() == cursor.seq() && p.offset() <= cursor.offset())) {
        return; // nothing read from this lane, or its segment was dropped meanwhile
      }
      cursor = p;
      // Segments wholly acknowledged and no longer written go.
      while (segments.size() > 1 && segments.peekFirst().seq < cursor.seq()) {
        Files.deleteIfExists(segments.pollFirst().path);
      }
      Segment head = segments.peekFirst();
      if (head != null
          && head.seq == cursor.seq()
          && cursor.offset() >= head.size
          && segments.size() > 1) {
        Files.deleteIfExists(segments.pollFirst().path);
        Segment next = segments.peekFirst();
        cursor = new Position(next.seq, 0, 0);
      }
      writeCursor();
    }

    private void writeCursor() throws IOException {
      Path tmp = dir.resolve("cursor.tmp");
      Files.writeString(tmp, cursor.seq() + " " + cursor.offset() + "\n");
      Files.move(tmp, cursorFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops the oldest segment (the current one is closed first); false when nothing is left. */
    boolean dropOldest(DropReason why) {
      Segment head = segments.peekFirst();
      if (head == null || records() == 0) {
        return false;
      }
      if (segments.size() == 1 && tail != null) {
        try {
          tail.close();
        } catch (IOException e) {
          lastError = e.getMessage();
        }
        tail = null; // the next write starts a new segment
      }
      segments.pollFirst();
      long n = head.seq == cursor.seq() ? head.records - cursor.recordsBefore() : head.records;
      if (why == DropReason.OVER_BUDGET) {
        dropped += n;
      } else {
        droppedUnwritable += n;
      }
      try {
        Files.deleteIfExists(head.path);
      } catch (IOException e) {
        lastError = e.getMessage(); // its records are no longer counted; the file is left over
      }
      Segment next = segments.peekFirst();
      cursor = next == null ? new Position(head.seq + 1, 0, 0) : new Position(next.seq, 0, 0);
      try {
        writeCursor();
      } catch (IOException e) {
        // On restart the cursor file names a segment that is gone: the lane starts at its head.
        lastError = e.getMessage();
      }
      return true;
    }

    long records() {
      long n = 0;
      for (Segment s : segments) {
        if (s.seq > cursor.seq()) {
          n += s.records;
        } else if (s.seq == cursor.seq()) {
          n += s.records - cursor.recordsBefore();
        }
      }
      return n;
    }

    long bytes() {
      long n = 0;
      for (Segment s : segments) {
        if (s.seq > cursor.seq()) {
          n += s.size;
        } else if (s.seq == cursor.seq()) {
          n += s.size - cursor.offset();
        }
      }
      return n;
    }

    void close() throws IOException {
      if (tail != null) {
        tail.close();
        tail = null;
      }
    }
  }
}
