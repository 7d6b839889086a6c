package io.vigie.output;

import io.vigie.protocol.FieldWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FieldWriter} into a map, for outputs that hold records as maps.
 *
 * <pre>{@code
 * FieldMap f = FieldMap.withoutNulls();   // the evidence store: it keeps no nulls
 * SessionJson.writeFields(session, f);
 * new EvidenceRecord("session", session.startNanos(), session.communityId(), f.fields());
 * }</pre>
 */
public final class FieldMap implements FieldWriter {
  private final Map<String, Object> fields = new LinkedHashMap<>(64);
  private final boolean keepNulls;

  private FieldMap(boolean keepNulls) {
    this.keepNulls = keepNulls;
  }

  /** Unknown values left out: a missing key reads as unknown just as a null does. */
  public static FieldMap withoutNulls() {
    return new FieldMap(false);
  }

  /** Unknown values kept as null values, so every key is present. */
  public static FieldMap keepingNulls() {
    return new FieldMap(true);
  }

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
    put(name, values == null || values.isEmpty() ? null : List.copyOf(values));
  }

  private void put(String name, Object value) {
    if (value != null || keepNulls) {
      fields.put(name, value);
    }
  }
}
