package io.vigie.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reading stored fields back (timeline, verify, export); writing for hashing is CanonicalJson's
 * job.
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder().addModule(new io.vigie.config.NetValuesModule()).build();

  private Json() {}

  static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored fields are not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
