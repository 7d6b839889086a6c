package io.vigie.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeFilterTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_795_000_000L * S;

  private final List<Notice> passed = new ArrayList<>();

  private static Notice n(String id, long ts) {
    return NoticeType.PHONE_HOME.notice(ts, id, "1:abc", "cam talked out", null);
  }

  @Test
  void repeatsWithinTheIntervalAreSuppressedInEventTime() {
    NoticeFilter f = new NoticeFilter(Duration.ofMinutes(10), 100, passed::add);
    f.onNotice(n("a", T0));
    f.onNotice(n("a", T0 + 60 * S));
    f.onNotice(n("b", T0 + 61 * S));
    f.onNotice(n("a", T0 + 600 * S - 1)); // 1 ns short of the interval
    f.onNotice(n("a", T0 + 600 * S)); // interval reached: passes again
    f.onNotice(n("a", T0 + 601 * S)); // counted from the last one passed
    assertEquals(
        List.of(T0, T0 + 61 * S, T0 + 600 * S), passed.stream().map(Notice::tsNanos).toList());
    assertEquals(3, f.suppressed());
  }

  @Test
  void theSameChangeExpectedInAWindowThenSeenAfterItIsNotTakenForARepeat() {
    NoticeFilter f = new NoticeFilter(Duration.ofMinutes(10), 100, passed::add);
    f.onNotice(
        new Notice(
            T0, "firmware_changed", Severity.INFO, "fw-cam1", null, "expected", "W-1", "cam-1"));
    f.onNotice(
        new Notice(
            T0 + 60 * S,
            "firmware_changed",
            Severity.INFO,
            "fw-cam1",
            null,
            "expected",
            "W-1",
            "cam-1"));
    // The window ended: the same change is no longer expected, and comes back high.
    f.onNotice(
        new Notice(
            T0 + 120 * S,
            "firmware_changed",
            Severity.HIGH,
            "fw-cam1",
            null,
            "unexpected",
            null,
            "cam-1"));
    assertEquals(
        List.of(Severity.INFO, Severity.HIGH), passed.stream().map(Notice::severity).toList());
    assertEquals(1, f.suppressed());
  }

  @Test
  void timeGoingBackwardsIsSuppressedWithinTheIntervalOnly() {
    NoticeFilter f = new NoticeFilter(Duration.ofMinutes(10), 100, passed::add);
    f.onNotice(n("a", T0));
    f.onNotice(n("a", T0 - 60 * S));
    f.onNotice(n("a", T0 - 3600 * S));
    assertEquals(List.of(T0, T0 - 3600 * S), passed.stream().map(Notice::tsNanos).toList());
  }

  @Test
  void memoryIsBounded() {
    NoticeFilter f = new NoticeFilter(Duration.ofHours(1), 2, passed::add);
    f.onNotice(n("a", T0));
    f.onNotice(n("b", T0));
    f.onNotice(n("c", T0)); // forgets a
    f.onNotice(n("a", T0 + S));
    assertEquals(4, passed.size());
    assertThrows(
        IllegalArgumentException.class,
        () -> new NoticeFilter(Duration.ofSeconds(-1), 2, passed::add));
  }

  @Test
  void idsAreStableAndSeparateTheirFacts() {
    assertEquals(
        NoticeIds.of("phone_home", "10.20.1.1", "198.51.100.7"),
        NoticeIds.of("phone_home", "10.20.1.1", "198.51.100.7"));
    assertNotEquals(NoticeIds.of("t", "ab", "c"), NoticeIds.of("t", "a", "bc"));
    assertNotEquals(NoticeIds.of("phone_home", "x"), NoticeIds.of("video_egress", "x"));
    // A pinned value: the id must not change between releases, or suppression and look-ups break.
    assertEquals("b5b4a9e1ab2ecd0b".length(), NoticeIds.of("phone_home", "x").length());
    assertEquals(NoticeIds.of("phone_home", "x"), sha256Prefix("phone_home\0x\0"));
  }

  @Test
  void catalogueHasSeverities() {
    assertEquals(Severity.CRITICAL, NoticeType.VIDEO_EGRESS.defaultSeverity());
    assertEquals(Severity.WARNING, NoticeType.NEW_EXTERNAL_ENDPOINT.defaultSeverity());
    assertEquals("tunnel_detected", NoticeType.TUNNEL_DETECTED.wireName());
    assertEquals(NoticeType.PHONE_HOME, NoticeType.find("phone_home").orElseThrow());
    assertEquals(true, NoticeType.find("no_such_type").isEmpty());
  }

  @Test
  void seenEndpointsRemembersPairsWithinItsCapacity() {
    SeenEndpoints seen = new SeenEndpoints(2);
    assertEquals(true, seen.firstSeen("10.20.1.1", "198.51.100.7"));
    assertEquals(false, seen.firstSeen("10.20.1.1", "198.51.100.7"));
    assertEquals(true, seen.firstSeen("10.20.1.2", "198.51.100.7"));
    assertEquals(true, seen.firstSeen("10.20.1.3", "198.51.100.7")); // forgets the least recent
    assertEquals(true, seen.firstSeen("10.20.1.1", "198.51.100.7"));
    assertEquals(2, seen.size());
  }

  private static String sha256Prefix(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
