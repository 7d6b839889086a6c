package io.vigie.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.notice.Notice;
import io.vigie.output.JsonFieldWriter;
import io.vigie.output.NoticeJson;
import io.vigie.output.SessionJson;
import io.vigie.protocol.FieldWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The API's JSON conventions in one place: snake_case keys, instants as ISO-8601 strings, apps by
 * wire name, nulls left out; sessions and notices exactly as {@code replay --json} writes them
 * ({@link SessionJson}, {@link NoticeJson}: every session key present, null when unknown). Errors
 * are {@code {"error": "...", "field": "..."}}.
 */
public final class ApiJson {
  /**
   * The parser's own backstop: the configured limits ({@code api.limits.json_max_depth}, {@code
   * json_max_number_digits}) are checked before parsing by {@link JsonShape}, and may not exceed
   * these.
   */
  static final int MAX_DEPTH = io.vigie.config.ApiConfig.Limits.JSON_DEPTH_CEILING;

  static final int MAX_NUMBER_LENGTH = io.vigie.config.ApiConfig.Limits.JSON_DIGITS_CEILING;

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              new com.fasterxml.jackson.core.JsonFactoryBuilder()
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(MAX_NUMBER_LENGTH)
                          .build())
                  .build())
          .addModule(new io.vigie.config.NetValuesModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // A body is one JSON value with each key once: anything else is a 400, not a silent
          // guess.
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Direction, Severity... print their wire names.
          .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
          .addModule(
              new SimpleModule("vigie-api")
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addSerializer(Cidr.class, ToStringSerializer.instance)
                  .addSerializer(App.class, new AppSerializer())
                  // Sessions and notices as replay --json spells them, so a SIEM reads one schema.
                  .addSerializer(
                      Session.class, new RecordSerializer<>(Session.class, SessionJson::write))
                  .addSerializer(
                      Notice.class, new RecordSerializer<>(Notice.class, NoticeJson::write)))
          .build();

  private ApiJson() {}

  private static final class AppSerializer extends StdSerializer<App> {
    AppSerializer() {
      super(App.class);
    }

    @Override
    public void serialize(App app, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(app.wireName());
    }
  }

  /**
   * A value written as one JSON object by one of the shared record serialisers of {@code output}.
   */
  private static final class RecordSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient BiConsumer<T, FieldWriter> body;

    RecordSerializer(Class<T> type, BiConsumer<T, FieldWriter> body) {
      super(type);
      this.body = body;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      try {
        body.accept(value, new JsonFieldWriter(gen));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      gen.writeEndObject();
    }
  }

  /** Serialises a response value. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** The body of an error response; {@code field} is left out when null. */
  public static byte[] error(String error, String field) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("error", error);
    if (field != null) {
      m.put("field", field);
    }
    return write(m);
  }
}
