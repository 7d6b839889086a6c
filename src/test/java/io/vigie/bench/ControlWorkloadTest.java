package io.vigie.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.demo.StreamMerger;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second benchmark workload: many short control-plane sessions, small packets. */
class ControlWorkloadTest {
  @TempDir Path dir;

  @Test
  void isTheControlPlaneOfAVideoNetworkAsVigieSeesIt() throws Exception {
    Path file = dir.resolve("control.pcap");
    StreamMerger.Totals t;
    try (OutputStream os = Files.newOutputStream(file)) {
      t = ControlWorkload.write(os, 30, 30_000, 1L);
    }
    assertTrue(t.packets() >= 30_000, "packets " + t.packets());
    assertTrue(t.packets() < 30_000 * 1.3, "not wildly more: " + t.packets());
    // Small packets: far below the video workload's ~1,150 bytes a frame.
    long meanFrame = t.wireBytes() / t.packets();
    assertTrue(meanFrame < 600, "mean frame " + meanFrame + " bytes");

    // replay --json writes its records to the process's standard output.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream saved = System.out;
    int code;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      code =
          Main.run(
              new String[] {"replay", "--json", file.toString()},
              new PrintWriter(err, true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, err.toString());
    String out = bytes.toString(StandardCharsets.UTF_8);
    Map<String, Integer> apps = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    int sessions = 0;
    for (String line : out.split("\n")) {
      JsonNode n = json.readTree(line);
      if (n.has("app")) {
        apps.merge(n.get("app").asText(), 1, Integer::sum);
        sessions++;
      }
    }
    // ONVIF polls are http sessions. One short session per poll, lookup, time query and phone-home:
    // many flows, each recognised.
    assertTrue(sessions > 300, "sessions " + sessions + " " + apps);
    for (String app : new String[] {"rtp", "http", "dns", "ntp", "tls"}) {
      assertTrue(apps.getOrDefault(app, 0) > 0, app + " missing from " + apps);
    }
    assertEquals(0, apps.getOrDefault("unknown", 0), "every flow recognised: " + apps);
  }

  @Test
  void sameSeedSameBytes() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ControlWorkload.write(a, 8, 5_000, 9L);
    ControlWorkload.write(b, 8, 5_000, 9L);
    assertArrayEquals(sha.digest(a.toByteArray()), sha.digest(b.toByteArray()));
  }

  @Test
  void refusesNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ControlWorkload.write(new ByteArrayOutputStream(), 0, 10, 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> ControlWorkload.write(new ByteArrayOutputStream(), 5, 0, 1L));
  }
}
