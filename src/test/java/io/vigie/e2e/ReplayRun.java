package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigie replay --json ...} run in-process through {@link Main#run}, exactly as the command
 * line does it (the command writes JSON to {@code System.out}, captured here), parsed back.
 *
 * @param sessions the {@code "type":"session"} records, in output order
 * @param notices the {@code "type":"notice"} records, in output order
 * @param stats the closing {@code "type":"stats"} record
 */
record ReplayRun(List<JsonNode> sessions, List<JsonNode> notices, JsonNode stats) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object STDOUT = new Object();

  static ReplayRun of(String... args) {
    List<String> argv = new ArrayList<>(List.of("replay", "--json"));
    argv.addAll(List.of(args));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    synchronized (STDOUT) {
      PrintStream saved = System.out;
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      try {
        code =
            Main.run(
                argv.toArray(String[]::new),
                new PrintWriter(err, true),
                new PrintWriter(err, true));
      } finally {
        System.out.flush();
        System.setOut(saved);
      }
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, () -> "vigie " + argv + " failed: " + err + "\n" + out);
    List<JsonNode> sessions = new ArrayList<>();
    List<JsonNode> notices = new ArrayList<>();
    JsonNode stats = null;
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + line, e);
      }
      switch (n.path("type").asText()) {
        case "session" -> sessions.add(n);
        case "notice" -> notices.add(n);
        case "stats" -> stats = n;
        default -> throw new AssertionError("unknown record type: " + line);
      }
    }
    assertTrue(stats != null, () -> "no stats record in:\n" + out);
    // The capture is whole and clean: real programs on lo make no malformed packet.
    assertEquals(0, stats.path("malformed_total").asLong(), stats::toString);
    assertTrue(stats.path("damaged").isNull(), stats::toString);
    assertEquals(sessions.size(), stats.path("sessions").asLong(), stats::toString);
    assertEquals(notices.size(), stats.path("notices").asLong(), stats::toString);
    return new ReplayRun(List.copyOf(sessions), List.copyOf(notices), stats);
  }
}
