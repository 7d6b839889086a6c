package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import java.util.List;

/**
 * Counts notices by type and severity: {@code vigie_notices_total{type,severity}}. The types the
 * alert rules use are created at 0 from the start, so that {@code increase()} sees the first one.
 */
public final class NoticeCounter implements NoticeSink {
  /**
   * Notice types the alert rules in {@code rules/vigie.rules.yml} depend on; see docs/METRICS.md.
   */
  public static final List<String> ALERTED_TYPES =
      List.of(
          NoticeType.VENDOR_ACCESS_OUTSIDE_WINDOW.wireName(),
          NoticeType.PRIVACY_ANALYTICS_PRESENT.wireName(),
          NoticeType.FIRMWARE_CHANGED.wireName(),
          NoticeType.FIRMWARE_TRANSFER.wireName(),
          NoticeType.PHONE_HOME.wireName(),
          NoticeType.VIDEO_EGRESS.wireName());

  private static final int MAX_TYPES = 64;
  private static final Severity[] SEVERITIES = Severity.values();

  private final BoundedLabel<Counter.Child[]> byType;

  NoticeCounter(CollectorRegistry registry) {
    Counter counter =
        Counter.build("vigie_notices_total", "Notices raised, by type and severity.")
            .labelNames("type", "severity")
            .register(registry);
    this.byType =
        new BoundedLabel<>(
            MAX_TYPES,
            type -> {
              Counter.Child[] perSeverity = new Counter.Child[SEVERITIES.length];
              for (Severity s : SEVERITIES) {
                perSeverity[s.ordinal()] = counter.labels(type, s.wireName());
              }
              return perSeverity;
            },
            ALERTED_TYPES);
  }

  @Override
  public void onNotice(Notice notice) {
    Severity s = notice.severity() == null ? Severity.INFO : notice.severity();
    byType.get(notice.note())[s.ordinal()].inc();
  }
}
