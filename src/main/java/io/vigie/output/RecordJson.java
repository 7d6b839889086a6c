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
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
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
    byte[] all = buf.toByteArray();
    buf.reset();
    // The writer ends each record with a line feed; an Exported is the object alone.
    int end = all.length > 0 && all[all.length - 1] == '\n' ? all.length - 1 : all.length;
    return new Exported(stream, key, Arrays.copyOf(all, end));
  }
}
