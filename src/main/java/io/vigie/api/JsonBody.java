package io.vigie.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * A request body read as one JSON object, strictly: not JSON, not an object, an unknown field, a
 * missing required field or a value of the wrong type is a 400 naming the field.
 *
 * <pre>{@code
 * JsonBody b = request.json("device", "start", "end", "reason");
 * String device = b.requiredText("device");
 * Instant start = b.requiredInstant("start");
 * }</pre>
 */
public final class JsonBody {
  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  static JsonBody parse(byte[] body, String... allowedFields) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body must be a JSON object", "body");
    }
    JsonNode n;
    try {
      n = ApiJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body is not valid JSON: line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr(), "body");
    } catch (IOException e) {
      throw ApiException.badRequest("body cannot be read", "body");
    }
    if (!(n instanceof ObjectNode obj)) {
      throw ApiException.badRequest("request body must be a JSON object", "body");
    }
    Set<String> allowed = Set.of(allowedFields);
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.badRequest("unknown field '" + f + "'; known: " + String.join(", ", allowedFields), f);
      }
    }
    return new JsonBody(obj);
  }

  /** A non-blank string field, or a 400 naming it. */
  public String requiredText(String field) {
    String v = optionalText(field);
    if (v == null) {
      throw ApiException.badRequest("missing field '" + field + "'", field);
    }
    return v;
  }

  /** A non-blank string, or null when the field is absent or JSON null. */
  public String optionalText(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("field '" + field + "' must be a string", field);
    }
    if (v.asText().isBlank()) {
      throw ApiException.badRequest("field '" + field + "' is empty", field);
    }
    return v.asText();
  }

  /** An ISO-8601 instant, required. */
  public Instant requiredInstant(String field) {
    String v = requiredText(field);
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("field '" + field + "': '" + v
          + "' is not an ISO-8601 instant such as 2026-11-23T08:00:00Z", field);
    }
  }
}
