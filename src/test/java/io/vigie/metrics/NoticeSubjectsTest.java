package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prometheus.client.CollectorRegistry;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The subjects of notices stay bounded: a day of them, at most MAX_SUBJECTS, then "other". */
class NoticeSubjectsTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-12-01T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Notice notice(String camera, String window) {
    return new Notice(0, "phone_home", Severity.HIGH, "id", null, "m", window, camera);
  }

  private static String series(String camera, String window) {
    return "vigie_notice_last_timestamp_seconds{type=\"phone_home\",severity=\"high\",camera=\""
        + camera
        + "\",window=\""
        + window
        + "\",}";
  }

  @Test
  void subjectsAreCappedAndExpire() {
    HandClock clock = new HandClock();
    CollectorRegistry registry = new CollectorRegistry();
    NoticeSubjects subjects = new NoticeSubjects(clock);
    subjects.register(registry);
    for (int i = 0; i < NoticeSubjects.MAX_SUBJECTS; i++) {
      subjects.onNotice(notice("cam-" + i, ""));
    }
    clock.now = clock.now.plusSeconds(60);
    subjects.onNotice(notice("cam-new", "W-1"));
    subjects.onNotice(notice("cam-0", "")); // a known subject is still updated
    Exposition e = Exposition.scrape(registry);
    assertNull(e.get(series("cam-new", "W-1")));
    double t = clock.now.getEpochSecond();
    assertEquals(t, e.get(series("other", "other")));
    assertEquals(t, e.get(series("cam-0", "")));
    assertEquals(t - 60, e.get(series("cam-1", "")));
    assertEquals(NoticeSubjects.MAX_SUBJECTS + 1, e.sampleNames().isEmpty() ? 0 : count(e));

    // A day later only the subjects seen since remain, and new ones get their own series again.
    clock.now = clock.now.plusSeconds(NoticeSubjects.KEEP_SECONDS - 30);
    Exposition later = Exposition.scrape(registry);
    assertNull(later.get(series("cam-1", "")));
    assertEquals(t, later.get(series("cam-0", "")));
    subjects.onNotice(notice("cam-new", "W-1"));
    assertEquals(
        (double) clock.now.getEpochSecond(),
        Exposition.scrape(registry).get(series("cam-new", "W-1")));
  }

  private static long count(Exposition e) {
    return e.series().keySet().stream()
        .filter(s -> s.startsWith("vigie_notice_last_timestamp_seconds{"))
        .count();
  }
}
