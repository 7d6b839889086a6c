package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vigie_notice_last_timestamp_seconds{type,severity,camera,window}}: when vigie last raised
 * a notice about this camera and window, in wall time. The alert rules read it so that an alert
 * says what to look at (which camera, which window, which kind of notice) instead of a count per
 * instance; a gauge rather than a counter because a counter series that appears with its first
 * notice is invisible to {@code increase()}, and cameras and windows are not known in advance.
 *
 * <p>Cardinality stays bounded: a subject not seen for {@value #KEEP_SECONDS} s is dropped at
 * scrape time, and past {@value #MAX_SUBJECTS} live subjects new ones share {@code camera="other",
 * window="other"}.
 */
final class NoticeSubjects extends Collector implements NoticeSink, Collector.Describable {
  static final int MAX_SUBJECTS = 1024;
  static final long KEEP_SECONDS = 24 * 3600;
  private static final List<String> LABELS = List.of("type", "severity", "camera", "window");

  private final Clock clock;
  private final Map<List<String>, Double> last = new ConcurrentHashMap<>();

  NoticeSubjects(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onNotice(Notice n) {
    String severity = (n.severity() == null ? Severity.INFO : n.severity()).wireName();
    List<String> key = List.of(n.note(), severity, orEmpty(n.camera()), orEmpty(n.window()));
    if (!last.containsKey(key) && last.size() >= MAX_SUBJECTS) {
      key = List.of(n.note(), severity, BoundedLabel.OTHER, BoundedLabel.OTHER);
    }
    last.put(key, clock.millis() / 1000.0);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    double now = clock.millis() / 1000.0;
    last.values().removeIf(t -> t < now - KEEP_SECONDS);
    GaugeMetricFamily g = family();
    last.forEach(g::addMetric);
    return List.of(g);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(family());
  }

  private static GaugeMetricFamily family() {
    return new GaugeMetricFamily(
        "vigie_notice_last_timestamp_seconds",
        "Wall time of the last notice of this type and severity about this camera and window"
            + " (empty when none); kept for a day.",
        LABELS);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
