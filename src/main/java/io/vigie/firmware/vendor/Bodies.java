package io.vigie.firmware.vendor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.onvif.SoapParser;
import io.vigie.firmware.onvif.XmlNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three body formats of the native APIs, each parsed or refused as a {@code malformed} poll
 * error: XML (ISAPI, VAPIX lists; the ONVIF client's hardened parser: no DTD, no external entity,
 * bounded depth), JSON (VAPIX's JSON APIs) and {@code key=value} lines (Dahua CGI, VAPIX {@code
 * param.cgi} and {@code pwdgrp.cgi}).
 */
public final class Bodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Bodies() {}

  public static XmlNode xml(String what, byte[] body) throws PollException {
    try {
      return SoapParser.parse(body);
    } catch (PollException e) {
      throw new PollException(PollErrorType.MALFORMED, what + ": " + e.getMessage());
    }
  }

  /** A JSON object; a VAPIX {@code error} member is a {@code fault}. */
  public static JsonNode json(String what, byte[] body) throws PollException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new PollException(PollErrorType.MALFORMED, what + ": not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new PollException(PollErrorType.MALFORMED, what + ": not a JSON object");
    }
    if (n.has("error")) {
      throw new PollException(
          PollErrorType.FAULT, what + ": error " + n.path("error").path("code").asText());
    }
    return n;
  }

  /**
   * {@code key=value} lines (CRLF or LF), quotes around a value dropped; a Dahua {@code Error} body
   * is a {@code fault}; a body with text but no pair is {@code malformed}.
   */
  public static Map<String, String> keyValues(String what, byte[] body) throws PollException {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> m = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    if (lines.length > 0 && lines[0].strip().equals("Error")) {
      String detail = lines.length > 1 ? lines[1].strip() : "";
      throw new PollException(PollErrorType.FAULT, what + ": camera error " + detail);
    }
    int other = 0;
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        if (!line.isBlank()) {
          other++;
        }
        continue;
      }
      String v = line.substring(eq + 1).strip();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      m.put(line.substring(0, eq).strip(), v);
    }
    if (m.isEmpty() && other > 0) {
      throw new PollException(PollErrorType.MALFORMED, what + ": no key=value line");
    }
    if (other > m.size()) {
      // More noise than pairs: not what this endpoint sends.
      throw new PollException(PollErrorType.MALFORMED, what + ": not key=value lines");
    }
    return m;
  }

  static String text(XmlNode n, String... names) {
    for (String name : names) {
      for (XmlNode d : n.descendants(name)) {
        if (!d.text().isEmpty()) {
          return d.text();
        }
      }
    }
    return "";
  }

  static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** For JSON serialisation of small values in params (never used for credentials). */
  static String compact(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      return n.toString();
    }
  }
}
