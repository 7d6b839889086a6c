package io.vigie.output;

import io.vigie.protocol.FieldWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FieldWriter} into a map, for stores that keep records as maps (the evidence store). Null
 * values are left out: such a store holds no nulls, and a missing key reads as unknown just as a
 * null does.
 */
public final class FieldMap implements FieldWriter {
  private final Map<String, Object> fields = new LinkedHashMap<>(64);

  /** The fields written so far, in writing order. */
  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public void string(String name, String value) {
    put(name, value);
  }

  @Override
  public void number(String name, long value) {
    fields.put(name, value);
  }

  @Override
  public void numberOrNull(String name, Long value) {
    put(name, value);
  }

  @Override
  public void decimal(String name, BigDecimal value) {
    put(name, value);
  }

  @Override
  public void bool(String name, boolean value) {
    fields.put(name, value);
  }

  @Override
  public void strings(String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      fields.put(name, List.copyOf(values));
    }
  }

  private void put(String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
  }
}
