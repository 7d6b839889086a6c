package io.vigie.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request body read as one JSON object, strictly: not JSON, not an object, an unknown field, a
 * missing required field or a value of the wrong type is a 400 naming the field by its path ({@code
 * scope.devices}, {@code expected_changes[0].camera}).
 *
 * <pre>{@code
 * JsonBody b = request.json("reason", "scope", "end");
 * String reason = b.requiredText("reason");
 * JsonBody scope = b.object("scope", "devices", "apps");
 * List<String> devices = scope.textList("devices");
 * }</pre>
 */
public final class JsonBody {
  private final ObjectNode node;
  private final String prefix;

  private JsonBody(ObjectNode node, String prefix, String... allowedFields) {
    this.node = node;
    this.prefix = prefix;
    Set<String> allowed = Set.of(allowedFields);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.badRequest(
            "unknown field '" + prefix + f + "'; known: " + String.join(", ", allowedFields),
            prefix + f);
      }
    }
  }

  static JsonBody parse(byte[] body, String... allowedFields) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body must be a JSON object", "body");
    }
    if (!utf8Text(body)) {
      // Jackson would guess UTF-16/32 from NULs or a byte-order mark; the API speaks UTF-8 only
      // (RFC 8259 8.1).
      throw ApiException.badRequest(
          "body must be UTF-8 JSON (no byte-order mark, no NUL bytes)", "body");
    }
    JsonNode n;
    try {
      n = ApiJson.MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      // Has no location (it used to end in a NullPointerException and a 500).
      throw ApiException.badRequest(
          "body is too deeply nested or has too long a number (at most "
              + ApiJson.MAX_DEPTH
              + " levels, "
              + ApiJson.MAX_NUMBER_LENGTH
              + " digits)",
          "body");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw ApiException.badRequest(
          "body is not valid JSON"
              + (at == null ? "" : ": line " + at.getLineNr() + ", column " + at.getColumnNr()),
          "body");
    } catch (IOException | RuntimeException e) {
      // Malformed UTF-8 (CharConversionException) and whatever else the parser refuses: the
      // body is the caller's fault, never a 500.
      throw ApiException.badRequest("body cannot be read as UTF-8 JSON", "body");
    }
    if (!(n instanceof ObjectNode obj)) {
      throw ApiException.badRequest("request body must be a JSON object", "body");
    }
    return new JsonBody(obj, "", allowedFields);
  }

  private static boolean utf8Text(byte[] body) {
    if (body.length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf) {
      return false;
    }
    if (body.length >= 2
        && ((body[0] & 0xff) >= 0xfe || (body[0] == 0 && (body[1] & 0xff) >= 0xfe))) {
      return false;
    }
    for (byte b : body) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  /** A non-blank string field, or a 400 naming it. */
  public String requiredText(String field) {
    String v = optionalText(field);
    if (v == null) {
      throw missing(field);
    }
    return v;
  }

  /** A non-blank string, or null when the field is absent or JSON null. */
  public String optionalText(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return text(v, prefix + field);
  }

  /** An ISO-8601 instant, required. */
  public Instant requiredInstant(String field) {
    Instant t = optionalInstant(field);
    if (t == null) {
      throw missing(field);
    }
    return t;
  }

  /** An ISO-8601 instant, or null when absent. */
  public Instant optionalInstant(String field) {
    String v = optionalText(field);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "field '"
              + prefix
              + field
              + "': '"
              + v
              + "' is not an ISO-8601 instant such as 2026-11-23T08:00:00Z",
          prefix + field);
    }
  }

  /** A nested object with its own allowed fields; required. */
  public JsonBody object(String field, String... allowedFields) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw missing(field);
    }
    if (!(v instanceof ObjectNode obj)) {
      throw ApiException.badRequest(
          "field '" + prefix + field + "' must be an object", prefix + field);
    }
    return new JsonBody(obj, prefix + field + ".", allowedFields);
  }

  /** A list of non-blank strings; empty when absent. */
  public List<String> textList(String field) {
    List<String> out = new ArrayList<>();
    JsonNode v = array(field);
    for (int i = 0; i < v.size(); i++) {
      out.add(text(v.get(i), prefix + field + "[" + i + "]"));
    }
    return out;
  }

  /** A list of objects with the given allowed fields; empty when absent. */
  public List<JsonBody> objectList(String field, String... allowedFields) {
    List<JsonBody> out = new ArrayList<>();
    JsonNode v = array(field);
    for (int i = 0; i < v.size(); i++) {
      String name = prefix + field + "[" + i + "]";
      if (!(v.get(i) instanceof ObjectNode obj)) {
        throw ApiException.badRequest("'" + name + "' must be an object", name);
      }
      out.add(new JsonBody(obj, name + ".", allowedFields));
    }
    return out;
  }

  private JsonNode array(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return ApiJson.MAPPER.createArrayNode();
    }
    if (!v.isArray()) {
      throw ApiException.badRequest(
          "field '" + prefix + field + "' must be a list", prefix + field);
    }
    return v;
  }

  private static String text(JsonNode v, String name) {
    if (!v.isTextual()) {
      throw ApiException.badRequest("'" + name + "' must be a string", name);
    }
    if (v.asText().isBlank()) {
      throw ApiException.badRequest("'" + name + "' is empty", name);
    }
    return v.asText();
  }

  private ApiException missing(String field) {
    return ApiException.badRequest("missing field '" + prefix + field + "'", prefix + field);
  }
}
