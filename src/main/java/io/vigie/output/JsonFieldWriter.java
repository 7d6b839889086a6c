package io.vigie.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigie.protocol.FieldWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@link FieldWriter} onto a Jackson generator positioned inside an object: nulls are written as
 * JSON nulls, so that every key of the schema is present.
 */
public final class JsonFieldWriter implements FieldWriter {
  private final JsonGenerator g;

  public JsonFieldWriter(JsonGenerator g) {
    this.g = g;
  }

  @Override
  public void string(String name, String value) {
    try {
      g.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void number(String name, long value) {
    try {
      g.writeNumberField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void numberOrNull(String name, Long value) {
    try {
      if (value == null) {
        g.writeNullField(name);
      } else {
        g.writeNumberField(name, value.longValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void decimal(String name, BigDecimal value) {
    try {
      g.writeFieldName(name);
      if (value == null) {
        g.writeNull();
      } else {
        g.writeNumber(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void bool(String name, boolean value) {
    try {
      g.writeBooleanField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void strings(String name, List<String> values) {
    try {
      if (values == null || values.isEmpty()) {
        g.writeNullField(name);
        return;
      }
      g.writeArrayFieldStart(name);
      for (String v : values) {
        g.writeString(v);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
