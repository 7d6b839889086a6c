package io.vigie.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 6: 30,000 nested JSON arrays got a 500 and a NullPointerException in the log.
 */
@Tag("abuse")
class NestedJsonAbuseTest {
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void deeplyNestedJsonIsA400WithAReason() throws Exception {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    try (DaemonUnderTest d = DaemonUnderTest.start(dir, DaemonUnderTest.Options.defaults())) {
      String deep = "[".repeat(30_000) + "]".repeat(30_000);
      HttpResponse<String> r =
          d.api(
              "POST",
              "/api/v1/windows",
              DaemonUnderTest.VENDOR_TOKEN,
              "application/json",
              deep,
              Duration.ofSeconds(10));
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("nested"), r.body());
      HttpResponse<String> obj =
          d.api(
              "POST",
              "/api/v1/windows",
              DaemonUnderTest.VENDOR_TOKEN,
              "application/json",
              "{\"scope\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001),
              Duration.ofSeconds(10));
      assertEquals(400, obj.statusCode(), obj.body());
      String log = d.logText();
      assertFalse(
          log.contains("Exception") || log.contains("\tat "),
          "no exception in the log:\n" + d.tail());
      String after = d.assertStillServing("after 30,000 nested arrays", 20);
      d.assertStopsOnSigterm();
      System.out.println(
          "[abuse] attack 6 (nested JSON): " + r.statusCode() + " " + r.body() + "; " + after);
    }
  }
}
