package io.vigie.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/replay-diff.sh --compare OLD.jsonl NEW.jsonl}, the comparison the before/after
 * proof of issue 12 rests on: identical outputs are {@code same}, a changed field is named with its
 * record, only the stats wall clock is forgiven, and the credential fix is accepted only when
 * asked. Runs on the golden outputs checked in beside the captures.
 */
class ReplayDiffScriptTest {
  private static final Path SCRIPT = Path.of("scripts/replay-diff.sh");
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");

  @TempDir Path dir;

  record Run(int code, String out) {}

  @BeforeAll
  static void toolsAreHere() {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "replay-diff.sh needs bash: skipped");
    assumeTrue(
        onPath("python3"),
        "replay-diff.sh compares with python3, which is not on the PATH: skipped");
  }

  @Test
  void theSameOutputIsSame() throws Exception {
    Path golden = GOLDEN.resolve("ftp-vsftpd-login-stor.jsonl");
    Run r = compare(golden, golden);
    assertEquals(0, r.code(), r.out());
    assertEquals("replay-diff: same\n", r.out());
  }

  @Test
  void anAlteredFieldIsReportedWithItsRecord() throws Exception {
    Path golden = GOLDEN.resolve("ftp-vsftpd-login-stor.jsonl");
    String text = Files.readString(golden, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"file_size\":52"), "the golden's ftp-data file size");
    Path altered = write("altered.jsonl", text.replace("\"file_size\":52", "\"file_size\":53"));
    Run r = compare(golden, altered);
    assertEquals(1, r.code(), r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s)record 2 \\(session 1:\\S+ 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:50\\d{3}\\), "
                    + "field file_size: old 52 new 53\nreplay-diff: different\n"),
        r.out());
  }

  @Test
  void aMissingRecordAndAReformattedNumberAreReported() throws Exception {
    Path golden = GOLDEN.resolve("tftp-hpa-put.jsonl");
    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    List<String> shorter = new ArrayList<>(lines);
    shorter.remove(1);
    Run missing = compare(golden, write("shorter.jsonl", String.join("\n", shorter) + "\n"));
    assertEquals(1, missing.code(), missing.out());
    assertTrue(
        missing.out().matches("(?s)record 2 \\(session [^\n]*\\): new has stats\n.*"),
        missing.out());
    assertTrue(missing.out().contains("record 3 (stats): only in old"), missing.out());
    // Same value, other rounding: the output's format is the contract.
    String first = lines.get(0);
    String duration = first.replaceAll(".*\"duration\":([0-9.]+),.*", "$1");
    Path reformatted =
        write(
            "reformatted.jsonl",
            String.join(
                    "\n",
                    first.replace("\"duration\":" + duration, "\"duration\":" + duration + "0"),
                    lines.get(1),
                    lines.get(2))
                + "\n");
    Run format = compare(golden, reformatted);
    assertEquals(1, format.code(), format.out());
    assertTrue(
        format.out().contains("field duration: old " + duration + " new " + duration + "0"),
        format.out());
  }

  @Test
  void theStatsWallClockIsForgivenButNotTheCaptureClock() throws Exception {
    Path golden = GOLDEN.resolve("dns-dig-dnsmasq.jsonl");
    String text = Files.readString(golden, StandardCharsets.UTF_8);
    Run slower =
        compare(
            golden,
            write("slower.jsonl", text.replaceFirst("\"seconds\":[0-9.]+", "\"seconds\":99.999")));
    assertEquals(0, slower.code(), slower.out());
    Run otherCapture =
        compare(
            golden,
            write(
                "capture.jsonl",
                text.replaceFirst("\"capture_seconds\":[0-9.]+", "\"capture_seconds\":99.999000")));
    assertEquals(1, otherCapture.code(), otherCapture.out());
    assertTrue(
        otherCapture.out().contains("record 4 (stats), field capture_seconds: old "),
        otherCapture.out());
  }

  /** The credential fix is the one difference issue 12 allows, and only when asked. */
  @Test
  void theCredentialFixIsAcceptedOnlyWhenAsked() throws Exception {
    Path fixed = GOLDEN.resolve("http-proxy-userinfo.jsonl");
    String text = Files.readString(fixed, StandardCharsets.UTF_8);
    String second = "\"http_uri\":\"http://example.test/x\",\"http_content_type\"";
    int at = text.lastIndexOf(second);
    assertTrue(at > 0, "the fixed golden's second request");
    Path leaking =
        write(
            "leaking.jsonl",
            text.substring(0, at)
                + second.replace("http://example.test/x", "http://user:pass@example.test/x")
                + text.substring(at + second.length()));
    Run strict = compare(leaking, fixed);
    assertEquals(1, strict.code(), strict.out());
    assertTrue(
        strict
            .out()
            .contains(
                "field http_uri: old \"http://user:pass@example.test/x\" new \"http://example.test/x\""),
        strict.out());
    Run accepting = compare(leaking, fixed, "--accept-credential-fix");
    assertEquals(0, accepting.code(), accepting.out());
    assertTrue(accepting.out().startsWith("accepted: record 2 "), accepting.out());
    // Accepting the fix does not accept any other change of the URI.
    Path otherUri =
        write(
            "other.jsonl",
            text.replace(
                "http://example.test/x\",\"http_content_type\"",
                "http://example.test/y\",\"http_content_type\""));
    Run other = compare(fixed, otherUri, "--accept-credential-fix");
    assertEquals(1, other.code(), other.out());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Run compare(Path old, Path updated, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString(), "--compare"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of(old.toString(), updated.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "replay-diff.sh did not finish");
    return new Run(p.exitValue(), out);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
