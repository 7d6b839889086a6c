package io.vigie.pipeline;

import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;

/**
 * One destination of a pipeline's judged sessions and filtered notices: JSON Lines, the table, the
 * evidence store, metrics counters, the API's recent events, and later Kafka or log files. A
 * pipeline hands each record to every output of its list, in list order, on its capture thread; an
 * output shared by several capture threads must be thread-safe.
 *
 * <pre>{@code
 * builder.output(Output.of(json::session, json::notice)).output(metricsOutput);
 * }</pre>
 */
public interface Output extends SessionSink, NoticeSink {
  /** Adapts a session consumer and a notice consumer; either may ignore what it is given. */
  static Output of(SessionSink sessions, NoticeSink notices) {
    return new Output() {
      @Override
      public void onSession(Session session) {
        sessions.onSession(session);
      }

      @Override
      public void onNotice(Notice notice) {
        notices.onNotice(notice);
      }
    };
  }
}
