package io.vigie.daemon;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per log record, {@code key=value}, for journald and grep:
 *
 * <pre>
 * ts=2026-11-23T02:00:00.123Z level=INFO thread=main logger=io.vigie.daemon event=started metrics=127.0.0.1:9108
 * ts=... level=WARNING thread=vigie-api-io-1 logger=io.netty... msg="a message from a library"
 * </pre>
 *
 * <p>vigie's own messages are already {@code key=value} (they start with {@code event=}); any other
 * message is quoted as {@code msg}. An exception adds its class and message on the same line, never
 * a stack trace: what went wrong is in the message, and logs must stay one event a line. Nothing
 * here knows secrets; callers never log tokens or passwords.
 */
public final class KeyValueFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(160);
    b.append("ts=")
        .append(r.getInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .append(" level=")
        .append(r.getLevel().getName())
        .append(" thread=")
        .append(Thread.currentThread().getName())
        .append(" logger=")
        .append(r.getLoggerName() == null ? "-" : r.getLoggerName())
        .append(' ');
    String msg = formatMessage(r);
    msg = msg == null ? "" : msg.replace('\n', ' ').replace('\r', ' ');
    if (msg.startsWith("event=")) {
      b.append(msg);
    } else {
      b.append("msg=").append(quote(msg));
    }
    Throwable t = r.getThrown();
    if (t != null) {
      b.append(" exception=").append(t.getClass().getName());
      if (t.getMessage() != null) {
        b.append(" exception_msg=").append(quote(t.getMessage()));
      }
      StackTraceElement[] st = t.getStackTrace();
      if (st.length > 0) {
        b.append(" at=").append(quote(st[0].toString()));
      }
    }
    return b.append('\n').toString();
  }

  public static String quote(String s) {
    return '"'
        + s.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ')
        + '"';
  }
}
