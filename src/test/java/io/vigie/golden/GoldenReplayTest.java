package io.vigie.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small captures made by real programs (curl, OpenSSH, vsftpd, tftp-hpa, dig/dnsmasq, openssl;
 * provenance in the folder's README.md) replayed through {@code vigie replay --json} in-process,
 * compared field by field with the golden {@code .jsonl} beside each: the capture-to-JSON path end
 * to end, without root or namespaces.
 *
 * <p>When a difference is intended, rewrite the goldens and review their diff:
 *
 * <pre>
 * mvn -B -o -q test -Dtest=GoldenReplayTest -Dvigie.golden.update=true
 * git diff src/test/resources/io/vigie/golden/
 * </pre>
 */
class GoldenReplayTest {
  // Relative to the project directory, where Maven runs tests: the path is also what the stats
  // record's "files" field shows, so the goldens do not depend on where the checkout lives.
  private static final Path DIR = Path.of("src/test/resources/io/vigie/golden");
  private static final String UPDATE_PROPERTY = "vigie.golden.update";
  private static final String REGENERATE =
      "if the change is intended, rewrite the goldens with "
          + "'mvn -B -o -q test -Dtest=GoldenReplayTest -D"
          + UPDATE_PROPERTY
          + "=true' and review 'git diff "
          + DIR
          + "' (see "
          + DIR.resolve("README.md")
          + ")";

  /** The capture whose absolute-form request URI carries a dummy {@code user:pass@}. */
  private static final String CREDENTIAL_CAPTURE = "http-proxy-userinfo.pcap";

  @BeforeAll
  static void folderIsHere() {
    assertTrue(
        Files.isDirectory(DIR),
        () ->
            DIR.toAbsolutePath()
                + " is missing: run the tests from the project "
                + "directory (Maven does)");
  }

  static Stream<String> captures() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pcap"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void replayGivesTheGoldenRecords(String capture) throws IOException {
    List<String> actual = ReplayJson.run(DIR.resolve(capture), options(capture));
    Path golden = golden(capture);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      // A golden records what replay must say: never a credential, even where today's code leaks
      // one.
      for (String line : actual) {
        assertFalse(
            line.contains("pass@"),
            () -> "refusing to write a credential into " + golden + ": " + line);
      }
      Files.writeString(golden, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
      System.err.println("golden: rewrote " + golden + "; review it with git diff");
    }
    assertTrue(Files.isRegularFile(golden), () -> golden + " is missing; " + REGENERATE);
    List<String> expected =
        Files.readAllLines(golden, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
    List<String> differences = JsonLinesDiff.compare(expected, actual);
    assertTrue(
        differences.isEmpty(),
        () ->
            "replay --json "
                + DIR.resolve(capture)
                + " differs from "
                + golden
                + ":\n  "
                + String.join("\n  ", differences)
                + "\n"
                + REGENERATE);
  }

  /**
   * Issue 12: the userinfo of an absolute-form request URI is a credential and must not reach
   * {@code replay --json}; the evidence writer strips it, the JSON writer did not.
   */
  @Test
  void anAbsoluteUriLosesItsUserinfo() throws IOException {
    List<String> lines =
        ReplayJson.run(DIR.resolve(CREDENTIAL_CAPTURE), options(CREDENTIAL_CAPTURE));
    // Guard: the capture really carries the credential in the request line, or this proves nothing.
    String pcap =
        new String(
            Files.readAllBytes(DIR.resolve(CREDENTIAL_CAPTURE)), StandardCharsets.ISO_8859_1);
    assertTrue(
        pcap.contains("GET http://user:pass@example.test/x HTTP/1.1"),
        "the capture's request line");
    List<String> uris = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode r = json.readTree(line);
      if (r.path("http_uri").isTextual()) {
        uris.add(r.get("http_uri").asText());
      }
    }
    assertEquals(
        List.of("http://example.test/x", "http://example.test/x"),
        uris,
        "both proxy requests, the second one sent as http://user:pass@example.test/x, without the userinfo");
    for (String line : lines) {
      assertFalse(line.contains("pass@"), () -> "a credential in replay --json: " + line);
    }
  }

  @Test
  void noGoldenHoldsACredential() throws IOException {
    for (String capture : captures().toList()) {
      Path golden = golden(capture);
      if (Files.isRegularFile(golden)) {
        String text = Files.readString(golden, StandardCharsets.UTF_8);
        assertFalse(text.contains("pass@"), () -> golden + " holds a credential");
      }
    }
  }

  /** Each capture has its golden and its provenance, and no golden outlives its capture. */
  @Test
  void everyCaptureHasItsGoldenAndProvenance() throws IOException, NoSuchAlgorithmException {
    String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> captures = captures().toList();
    assertTrue(captures.size() >= 6, () -> "golden captures: " + captures);
    for (String capture : captures) {
      assertTrue(
          Files.isRegularFile(golden(capture)),
          () -> golden(capture) + " is missing; " + REGENERATE);
      assertTrue(
          readme.contains("`" + capture + "`"), () -> "README.md does not describe " + capture);
      String sha256 =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(Files.readAllBytes(DIR.resolve(capture))));
      assertTrue(
          readme.contains(sha256),
          () ->
              "README.md does not give "
                  + capture
                  + "'s sha256 "
                  + sha256
                  + ": a capture changed without its provenance");
      assertTrue(
          Files.size(DIR.resolve(capture)) <= 16 * 1024,
          () -> capture + " is over 16 KiB: trim it");
    }
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path jsonl : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        String capture = jsonl.getFileName().toString().replaceFirst("\\.jsonl$", ".pcap");
        assertTrue(captures.contains(capture), () -> jsonl + " has no capture " + capture);
      }
    }
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path args : files.filter(p -> p.toString().endsWith(".args")).toList()) {
        String capture = args.getFileName().toString().replaceFirst("\\.args$", ".pcap");
        assertTrue(captures.contains(capture), () -> args + " has no capture " + capture);
      }
    }
  }

  /**
   * Replay options of a capture, one argument a line in {@code NAME.args} beside it (e.g. {@code
   * --config} and the folder's {@code site.yaml}); none when there is no such file.
   */
  private static List<String> options(String capture) throws IOException {
    Path args = DIR.resolve(capture.replaceFirst("\\.pcap$", ".args"));
    if (!Files.isRegularFile(args)) {
      return List.of();
    }
    return Files.readAllLines(args, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static Path golden(String capture) {
    return DIR.resolve(capture.replaceFirst("\\.pcap$", ".jsonl"));
  }
}
