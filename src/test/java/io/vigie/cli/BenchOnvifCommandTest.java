package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.tools.ToolsMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A small run of the real benchmark: simulated cameras of the four drivers on loopback, Digest
 * checked. No timing is asserted, only that every driver polled its cameras and a time is printed.
 */
class BenchOnvifCommandTest {
  private static String[] run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ToolsMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(expectedCode, code, out + "\n" + err);
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void mixedDriversAreTheDefaultAndEachPollsItsCameras() {
    String out = run(0, "bench", "onvif", "--cameras", "8", "--concurrency", "4")[0];
    assertTrue(
        Pattern.compile("(?m)^mixed: 8 cameras polled in \\d+ ms .*, 0 errors\\)$")
            .matcher(out)
            .find(),
        out);
    // Round robin: two cameras per driver, each polled without error.
    assertTrue(
        out.contains("drivers (polled/cameras): onvif 2/2, isapi 2/2, vapix 2/2, dahua 2/2"), out);
    assertTrue(
        Pattern.compile("(?m)^one full poll: \\d+\\.\\d\\d s, (under|NOT under) the 10 s target$")
            .matcher(out)
            .find(),
        out);
  }

  @Test
  void onvifOnlyStillWorks() {
    String out = run(0, "bench", "onvif", "--cameras", "3", "--drivers", "onvif")[0];
    assertTrue(out.contains("drivers (polled/cameras): onvif 3/3"), out);
    assertTrue(out.startsWith("onvif: 3 cameras polled in "), out);
  }

  @Test
  void anUnknownDriverSetIsAUserError() {
    String err = run(2, "bench", "onvif", "--cameras", "3", "--drivers", "hik")[1];
    assertTrue(err.startsWith("vigie: --drivers must be onvif or mixed, was hik"), err);
  }
}
