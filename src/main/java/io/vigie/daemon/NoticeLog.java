package io.vigie.daemon;

import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import io.vigie.output.Rfc3339;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each notice the daemon raises, as one key=value log line, so that journald, a syslog collector or
 * a person with {@code journalctl -u vigie} sees it without the API:
 *
 * <pre>
 * ts=... level=WARNING logger=io.vigie.notice event=notice type=vendor_access_outside_window
 *   severity=high notice_ts=2026-11-23T09:01:30.000000Z id=... camera=cam-05 window=-
 *   community_id="1:..." msg="Acme reached cam-05 by ssh with no maintenance window"
 * </pre>
 *
 * <p>The fields are the notice's own, which never carry a secret (a cleartext credential notice
 * names the protocol and the user, not the password). Notices reach here after the pipeline's
 * notice filter, so a burst of one kind is one line per suppression interval. High and critical
 * notices are logged at WARNING, the others at INFO.
 */
final class NoticeLog implements NoticeSink {
  private static final Logger LOG = Logger.getLogger("io.vigie.notice");

  @Override
  public void onNotice(Notice n) {
    Level level = n.severity().compareTo(Severity.HIGH) >= 0 ? Level.WARNING : Level.INFO;
    if (!LOG.isLoggable(level)) {
      return;
    }
    LOG.log(level, line(n));
  }

  static String line(Notice n) {
    return "event=notice type="
        + n.note()
        + " severity="
        + n.severity().wireName()
        + " notice_ts="
        + Rfc3339.micros(n.tsNanos())
        + " id="
        + KeyValueFormatter.quote(String.valueOf(n.id()))
        + " camera="
        + (n.camera() == null ? "-" : KeyValueFormatter.quote(n.camera()))
        + " window="
        + (n.window() == null ? "-" : KeyValueFormatter.quote(n.window()))
        + " community_id="
        + (n.communityId() == null ? "-" : KeyValueFormatter.quote(n.communityId()))
        + " msg="
        + KeyValueFormatter.quote(String.valueOf(n.msg()));
  }
}
