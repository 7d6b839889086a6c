package io.vigie.evidence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Nanosecond times as reviewers read and type them (ISO-8601, UTC). */
public final class Times {
  private Times() {}

  public static String iso(long nanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
        .toString();
  }

  /** {@code 2026-11-23T01:02:03Z}, or a date {@code 2026-11-23} (its start, UTC). */
  public static long parse(String text) {
    try {
      Instant i =
          text.length() == 10
              ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
              : Instant.parse(text);
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time (2026-11-23T01:02:03Z or 2026-11-23)");
    }
  }
}
