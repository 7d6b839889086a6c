package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsKeysAtEveryLevelWhateverTheInsertionOrder() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("z", 1);
    a.put("a", Map.of("y", true, "b", List.of(1, "x")));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("a", Map.of("b", List.of(1, "x"), "y", true));
    b.put("z", 1L);
    assertEquals("{\"a\":{\"b\":[1,\"x\"],\"y\":true},\"z\":1}", CanonicalJson.write(a));
    assertEquals(CanonicalJson.write(a), CanonicalJson.write(b));
  }

  @Test
  void escapesWhatJsonRequiresAndJacksonReadsItBack() {
    String nasty = "quote\" backslash\\ tab\t nl\n bell\u0007 é \u2028";
    String json =
        CanonicalJson.write(
            Map.of("s", nasty, "n", new BigDecimal("1763859723.123456789"), "d", 0.5));
    assertEquals(
        "{\"d\":0.5,\"n\":1763859723.123456789,\"s\":\"quote\\\" backslash\\\\ tab\\t nl\\n bell\\u0007 é \\u2028\"}",
        json);
    JsonNode back = Json.readTree(json);
    assertEquals(nasty, back.path("s").asText());
  }

  @Test
  void refusesWhatCannotBeKeptFaithfully() {
    assertThrows(
        IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("x", Double.NaN)));
    assertThrows(
        IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("x", new Object())));
    StringBuilder sb = new StringBuilder();
    CanonicalJson.writeValue(sb, Map.of("m", Map.of(1, Arrays.asList("a"))));
    assertEquals("{\"m\":{\"1\":[\"a\"]}}", sb.toString());
  }
}
