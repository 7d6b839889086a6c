package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a replay with a golden file of expected records, after normalising what varies from run
 * to run.
 *
 * <pre>{@code
 * new Golden()
 *     .port(sshPort, "$SSH_PORT")              // server ports get names; other ports are "$EPHEMERAL"
 *     .value(sha256sumOfFirmware, "$FW_SHA")   // values the test computed with real tools
 *     .ignorePort(cap.markerPort())
 *     .assertMatches("ssh.golden", ReplayRun.of(pcap.toString()));
 * }</pre>
 *
 * <p>A golden file holds one record per line, canonical JSON with null fields left out ({@code #}
 * starts a comment); order does not matter. Kept: the session's roles (orig/resp host and port),
 * proto, app, direction, vendor, names, protocol details, file hash and size, verdict, window;
 * {@code parent} becomes {@code "@"} plus the parent record's label (app, server port, file or URI,
 * verdict), so that the linkage is checked without its hash. Notices keep note, severity, window,
 * camera and the label of their session. Left out: times, durations, byte and packet counts,
 * community ids, end reasons and messages. The replay's stats record is checked by {@link
 * ReplayRun} (no malformed packet, no damage, counts that agree).
 */
final class Golden {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SESSION_FIELDS =
      List.of(
          "proto",
          "orig_h",
          "orig_p",
          "resp_h",
          "resp_p",
          "app",
          "direction",
          "vendor",
          "orig_name",
          "resp_name",
          "ssh_client",
          "ssh_server",
          "sni",
          "tls_version",
          "alpn",
          "http_method",
          "http_host",
          "http_uri",
          "http_content_type",
          "http_user_agent",
          "ftp_user",
          "ftp_files",
          "tftp_op",
          "tftp_file",
          "dns_query",
          "rdp_cookie",
          "vnc_version",
          "parent",
          "file_sha256",
          "file_size",
          "verdict",
          "window");
  private static final List<String> NOTICE_FIELDS = List.of("note", "severity", "window", "camera");

  private final Map<Integer, String> ports = new HashMap<>();
  private final Map<String, String> values = new HashMap<>();
  private final Set<Integer> ignored = new HashSet<>();
  private final Map<Pattern, String> patterns = new LinkedHashMap<>();
  private final List<int[]> ranges = new ArrayList<>();
  private final List<String> rangeNames = new ArrayList<>();

  Golden port(int port, String name) {
    ports.put(port, name);
    return this;
  }

  /**
   * Ports {@code lo..hi} (a passive FTP range, tftpd's transfer ports) all read as {@code name}.
   */
  Golden portRange(int lo, int hi, String name) {
    ranges.add(new int[] {lo, hi});
    rangeNames.add(name);
    return this;
  }

  /** A string field whose whole value is {@code actual} reads as {@code name}. */
  Golden value(String actual, String name) {
    values.put(actual, name);
    return this;
  }

  /**
   * In string fields, what matches {@code regex} reads as {@code replacement} (a multipart
   * boundary).
   */
  Golden pattern(String regex, String replacement) {
    patterns.put(Pattern.compile(regex), replacement);
    return this;
  }

  /**
   * Sessions from or to {@code port}, and their notices, are left out (the capture's end marker).
   */
  Golden ignorePort(int port) {
    ignored.add(port);
    return this;
  }

  /** The normalised records of a replay, one canonical JSON line each, sorted. */
  List<String> normalise(ReplayRun run) {
    Map<String, JsonNode> byCid = new HashMap<>();
    for (JsonNode s : run.sessions()) {
      byCid.put(s.path("community_id").asText(), s);
    }
    List<String> out = new ArrayList<>();
    Set<String> ignoredIds = new HashSet<>();
    for (JsonNode s : run.sessions()) {
      if (ignored.contains(s.path("orig_p").asInt())
          || ignored.contains(s.path("resp_p").asInt())) {
        ignoredIds.add(s.path("community_id").asText());
        continue;
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("type", "session");
      for (String f : SESSION_FIELDS) {
        JsonNode v = s.get(f);
        assertNotNull(v, () -> "session record without '" + f + "': " + s);
        if (v.isNull()) {
          continue;
        }
        switch (f) {
          case "orig_p", "resp_p" -> n.put(f, port(v.asInt()));
          case "parent" -> n.put(f, "@" + label(byCid.get(v.asText()), v.asText()));
          case "ftp_files" -> {
            ArrayNode a = n.putArray(f);
            v.forEach(e -> a.add(value(e.asText())));
          }
          default ->
              n.set(f, v.isTextual() ? JSON.getNodeFactory().textNode(value(v.asText())) : v);
        }
      }
      out.add(n.toString());
    }
    for (JsonNode t : run.notices()) {
      if (ignoredIds.contains(t.path("community_id").asText())) {
        continue;
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("type", "notice");
      for (String f : NOTICE_FIELDS) {
        JsonNode v = t.get(f);
        if (v != null && !v.isNull()) {
          n.put(f, value(v.asText()));
        }
      }
      String cid = t.path("community_id").asText(null);
      if (cid != null) {
        n.put("session", "@" + label(byCid.get(cid), cid));
      }
      out.add(n.toString());
    }
    out.sort(null);
    return out;
  }

  /**
   * Compares the replay with {@code src/test/resources/io/vigie/e2e/NAME}; the message shows both.
   */
  void assertMatches(String goldenName, ReplayRun run) {
    List<String> expected = load(goldenName);
    List<String> actual = normalise(run);
    assertEquals(
        String.join("\n", expected),
        String.join("\n", actual),
        () ->
            goldenName
                + " differs from the replay (normalised records, sorted); raw replay:\n"
                + String.join("\n", run.sessions().stream().map(JsonNode::toString).toList())
                + "\n"
                + String.join("\n", run.notices().stream().map(JsonNode::toString).toList()));
  }

  static List<String> load(String goldenName) {
    try (InputStream in = Golden.class.getResourceAsStream(goldenName)) {
      assertNotNull(in, "no golden file " + goldenName + " next to " + Golden.class.getName());
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          lines.add(JSON.readTree(t).toString()); // canonical spacing, so the golden may be spaced
        }
      }
      lines.sort(null);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How a record is named when another points at it: app, server port and file or URI, e.g. {@code
   * "ftp $FTP_PORT fw.bin"}, and its verdict if any; {@code "missing"} plus the id when no session
   * has it.
   */
  private String label(JsonNode s, String cid) {
    if (s == null) {
      return "missing " + cid;
    }
    StringBuilder b =
        new StringBuilder(s.path("app").asText())
            .append(' ')
            .append(port(s.path("resp_p").asInt()));
    for (String f : List.of("tftp_file", "http_uri", "verdict")) {
      if (s.hasNonNull(f)) {
        b.append(' ').append(value(s.get(f).asText()));
      }
    }
    if (s.hasNonNull("ftp_files")) {
      s.get("ftp_files").forEach(e -> b.append(' ').append(value(e.asText())));
    }
    return b.toString();
  }

  private String port(int p) {
    if (ports.containsKey(p)) {
      return ports.get(p);
    }
    for (int i = 0; i < ranges.size(); i++) {
      if (p >= ranges.get(i)[0] && p <= ranges.get(i)[1]) {
        return rangeNames.get(i);
      }
    }
    return "$EPHEMERAL";
  }

  private String value(String v) {
    String out = values.getOrDefault(v, v);
    for (Map.Entry<Pattern, String> p : patterns.entrySet()) {
      out = p.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(p.getValue()));
    }
    return out;
  }
}
