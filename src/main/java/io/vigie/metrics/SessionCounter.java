package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.net.App;
import java.util.List;

/**
 * Counts finished sessions by application and verdict: {@code vigie_sessions_total{app,verdict}}. A
 * session not judged by policy counts under verdict {@value #UNJUDGED}.
 *
 * <pre>{@code
 * SessionSink toPolicyAndMetrics = s -> { evidence.onSession(s); metrics.sessions().onSession(s); };
 * }</pre>
 */
public final class SessionCounter implements SessionSink {
  public static final String AUTHORISED = "authorised";
  public static final String UNJUDGED = "unjudged";
  private static final int MAX_VERDICTS = 32;
  private static final App[] APPS = App.values();

  private final BoundedLabel<Counter.Child[]> byVerdict;

  SessionCounter(CollectorRegistry registry) {
    Counter counter =
        Counter.build("vigie_sessions_total", "Finished sessions by application and verdict.")
            .labelNames("app", "verdict")
            .register(registry);
    this.byVerdict =
        new BoundedLabel<>(
            MAX_VERDICTS,
            verdict -> {
              Counter.Child[] perApp = new Counter.Child[APPS.length];
              for (App a : APPS) {
                perApp[a.ordinal()] = counter.labels(a.wireName(), verdict);
              }
              return perApp;
            },
            List.of(AUTHORISED, UNJUDGED));
  }

  @Override
  public void onSession(Session session) {
    String verdict = session.verdict() == null ? UNJUDGED : session.verdict();
    App app = session.app() == null ? App.UNKNOWN : session.app();
    byVerdict.get(verdict)[app.ordinal()].inc();
  }
}
