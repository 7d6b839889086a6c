package io.vigie.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Field-by-field comparison of two {@code replay --json} outputs, record by record in order.
 * Numbers compare as written ({@code 0.001675} is not {@code 0.0016750}): the output's decimal
 * format is part of the contract. Only the stats record's wall-clock fields are left out ({@code
 * seconds} and any rate), since they measure the machine, not the capture.
 *
 * <pre>{@code
 * List<String> differences = JsonLinesDiff.compare(goldenLines, actualLines);
 * // ["record 2 (session 1:abc= 127.0.0.1:46616 -> 127.0.0.1:3128), field http_uri: expected ... but was ..."]
 * }</pre>
 */
final class JsonLinesDiff {
  // BigDecimal, exact (trailing zeros kept), keeps the scale of the
  // text, so a change of rounding or of decimals shows up.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private JsonLinesDiff() {}

  /** Every difference, each naming the record and the field; empty when the outputs agree. */
  static List<String> compare(List<String> expected, List<String> actual) {
    List<String> out = new ArrayList<>();
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i < common; i++) {
      JsonNode e = parse(expected.get(i), "expected", i);
      JsonNode a = parse(actual.get(i), "actual", i);
      String record = "record " + (i + 1) + " (" + describe(e) + ")";
      if (!e.path("type").equals(a.path("type"))) {
        out.add(
            record + ": expected a " + e.path("type").asText() + " record but was " + describe(a));
        continue;
      }
      compareFields(record, "", e, a, e.path("type").asText().equals("stats"), out);
    }
    for (int i = common; i < expected.size(); i++) {
      out.add(
          "record "
              + (i + 1)
              + " ("
              + describe(parse(expected.get(i), "expected", i))
              + "): missing");
    }
    for (int i = common; i < actual.size(); i++) {
      out.add(
          "record "
              + (i + 1)
              + " ("
              + describe(parse(actual.get(i), "actual", i))
              + "): not expected");
    }
    return out;
  }

  /** Wall-clock fields of the stats record: they measure the machine that ran the replay. */
  static boolean timing(String field) {
    return field.equals("seconds") || field.contains("rate") || field.endsWith("_per_second");
  }

  private static void compareFields(
      String record, String prefix, JsonNode e, JsonNode a, boolean stats, List<String> out) {
    TreeSet<String> names = new TreeSet<>();
    e.fieldNames().forEachRemaining(names::add);
    a.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (stats && prefix.isEmpty() && timing(name)) {
        continue;
      }
      String field = prefix + name;
      JsonNode ev = e.get(name);
      JsonNode av = a.get(name);
      if (ev == null) {
        out.add(record + ", field " + field + ": not expected, was " + text(av));
      } else if (av == null) {
        out.add(record + ", field " + field + ": missing, expected " + text(ev));
      } else if (ev.isObject() && av.isObject()) {
        compareFields(record, field + ".", ev, av, stats, out);
      } else if (!text(ev).equals(text(av))) {
        out.add(record + ", field " + field + ": expected " + text(ev) + " but was " + text(av));
      }
    }
  }

  private static String text(JsonNode n) {
    if (n.isBigDecimal()) {
      return n.decimalValue().toPlainString();
    }
    if (n.isArray()) {
      List<String> items = new ArrayList<>();
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        items.add(text(it.next()));
      }
      return "[" + String.join(",", items) + "]";
    }
    return n.toString();
  }

  private static String describe(JsonNode r) {
    String type = r.path("type").asText("?");
    return switch (type) {
      case "session" ->
          "session "
              + r.path("community_id").asText()
              + " "
              + endpoint(r, "orig")
              + " -> "
              + endpoint(r, "resp");
      case "notice" -> "notice " + r.path("note").asText() + " " + r.path("id").asText();
      default -> type;
    };
  }

  private static String endpoint(JsonNode r, String side) {
    String host = r.path(side + "_h").asText();
    String port = r.path(side + "_p").asText();
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static JsonNode parse(String line, String side, int index) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new AssertionError(
            side + " record " + (index + 1) + " is not a JSON object: " + line);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new AssertionError(side + " record " + (index + 1) + " is not JSON: " + line, e);
    }
  }
}
