package io.vigie.output;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Spells records as {@link Exported} values for the log files and Kafka, through the same writer as
 * {@code replay --json} (so the same fields) plus the site. One per thread, or guarded: it reuses
 * its buffer.
 *
 * <pre>{@code
 * Exported e = new RecordJson(stamp).session(session);   // key: the Community ID
 * }</pre>
 */
public final class RecordJson {
  private final Buffer buf = new Buffer();
  private final JsonLinesWriter w;

  public RecordJson(SiteStamp site) {
    this.w = new JsonLinesWriter(buf, site);
  }

  public Exported session(Session s) {
    w.session(s);
    return take(Exported.Stream.SESSIONS, s.communityId());
  }

  public Exported notice(Notice n) {
    w.notice(n);
    return take(Exported.Stream.NOTICES, n.id());
  }

  /** An evidence fact (a window event, a camera snapshot, a checkpoint) on its stream. */
  public Exported fact(
      Exported.Stream stream,
      String key,
      String kind,
      long tsNanos,
      String subject,
      Map<String, Object> fields) {
    w.fact(kind, tsNanos, subject, fields);
    return take(stream, key);
  }

  private Exported take(Exported.Stream stream, String key) {
    w.flush();
    // The writer ends each record with a line feed; an Exported is the object alone.
    byte[] json = buf.takeLine();
    return new Exported(stream, key, json);
  }

  /** A byte buffer that gives its record up with one copy, not two. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(4096);
    }

    byte[] takeLine() {
      int end = count > 0 && buf[count - 1] == '\n' ? count - 1 : count;
      byte[] line = Arrays.copyOf(buf, end);
      reset();
      return line;
    }
  }
}
