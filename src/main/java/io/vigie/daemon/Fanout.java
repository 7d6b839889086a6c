package io.vigie.daemon;

import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import java.util.List;

/**
 * Gives each judged session and each notice to every consumer: the evidence store, the metrics
 * counters and the API's recent events. Consumers must be thread-safe (several capture threads
 * and the camera watch call in).
 */
public final class Fanout implements SessionSink, NoticeSink {
  private final List<SessionSink> sessions;
  private final List<NoticeSink> notices;

  public Fanout(List<SessionSink> sessions, List<NoticeSink> notices) {
    this.sessions = List.copyOf(sessions);
    this.notices = List.copyOf(notices);
  }

  @Override
  public void onSession(Session session) {
    for (SessionSink s : sessions) {
      s.onSession(session);
    }
  }

  @Override
  public void onNotice(Notice notice) {
    for (NoticeSink n : notices) {
      n.onNotice(notice);
    }
  }
}
