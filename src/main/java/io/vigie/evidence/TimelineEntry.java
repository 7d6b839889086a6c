package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** One line of a timeline: a record with its place in the chain. */
public record TimelineEntry(
    long id, long tsNanos, String kind, String subject, JsonNode fields, String hash) {

  /** A readable one-line description, by kind. */
  public String summary() {
    return switch (kind) {
      case "session" ->
          text("app", "?")
              + " "
              + endpoint("orig")
              + " -> "
              + endpoint("resp")
              + " "
              + text("duration", "?")
              + "s "
              + text("orig_bytes", "0")
              + "/"
              + text("resp_bytes", "0")
              + " bytes"
              + opt(" direction=", "direction")
              + (fields.path("vendor").asBoolean() ? " vendor" : "")
              + opt(" verdict=", "verdict")
              + opt(" window=", "window");
      case "notice" ->
          "[" + text("severity", "?") + "] " + text("note", "?") + ": " + text("msg", "");
      case "slice" ->
          "pcap "
              + text("file", "?")
              + " "
              + text("packets", "0")
              + " packets "
              + text("bytes", "0")
              + " bytes sha256="
              + text("sha256", "?")
              + (fields.path("truncated").asBoolean() ? " (truncated)" : "");
      default -> pairs();
    };
  }

  private String endpoint(String side) {
    String s = text(side + "_h", "?") + ":" + text(side + "_p", "?");
    JsonNode name = fields.get(side + "_name");
    return name == null ? s : s + " (" + name.asText() + ")";
  }

  private String text(String key, String dflt) {
    JsonNode n = fields.get(key);
    return n == null || n.isNull() ? dflt : n.asText();
  }

  private String opt(String prefix, String key) {
    JsonNode n = fields.get(key);
    return n == null || n.isNull() ? "" : prefix + n.asText();
  }

  private String pairs() {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sb.append(sb.length() == 0 ? "" : " ")
          .append(e.getKey())
          .append('=')
          .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
    }
    return sb.toString();
  }
}
