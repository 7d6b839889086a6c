package io.vigie.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads YAML into immutable records, strictly: an unknown key, a missing required value, a wrong
 * type or a value that a record's constructor refuses fails the whole file, with a message that
 * names file, line and key path (as client_java's {@code PrometheusPropertiesLoader} does).
 *
 * <pre>{@code
 * SiteConfig site = YamlLoader.load(path, SiteConfig.class);
 * }</pre>
 *
 * <p>Keys are snake_case in YAML and camelCase in the records.
 */
public final class YamlLoader {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(new YAMLFactory())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .addHandler(new UnknownKeyAtItsLine())
          .addModule(new NetValuesModule())
          .build();

  /**
   * Records are built through their constructors, so Jackson buffers their properties and only
   * reports an unknown key once the block is read, at the block's end. This handler fails at the
   * key itself, so the message points at the typo's own line.
   */
  private static final class UnknownKeyAtItsLine extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
      throw new UnrecognizedPropertyException(
          p,
          "unknown key '" + propertyName + "'",
          p.currentTokenLocation(),
          type,
          propertyName,
          deserializer == null ? null : deserializer.getKnownPropertyNames());
    }
  }

  private YamlLoader() {}

  /** Loads and validates {@code file} as {@code type}; never returns a partly valid object. */
  public static <T> T load(Path file, Class<T> type) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), bytes, type);
  }

  /** Like {@link #load} on bytes already read; {@code name} is used in messages. */
  public static <T> T parse(String name, byte[] yaml, Class<T> type) throws ConfigException {
    try {
      T value = MAPPER.readValue(yaml, type);
      if (value == null) {
        throw new ConfigException(name + ": the file is empty");
      }
      return value;
    } catch (JsonMappingException e) {
      throw new ConfigException(describe(name, yaml, e), e);
    } catch (JsonProcessingException e) {
      // SnakeYAML's message spans lines with a caret drawing; the first two lines say it all.
      String[] lines = e.getOriginalMessage().split("\n");
      String why = lines.length > 1 ? lines[0] + "; " + lines[1] : lines[0];
      throw new ConfigException(name + location(e.getLocation()) + ": not valid YAML: " + why, e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String describe(String name, byte[] yaml, JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    String reason;
    JsonLocation loc = e.getLocation();
    if (e instanceof UnrecognizedPropertyException u) {
      reason = "unknown key '" + u.getPropertyName() + "'";
      if (!path.endsWith(u.getPropertyName())) {
        path = path.isEmpty() ? u.getPropertyName() : path + "." + u.getPropertyName();
      }
      if (loc == null || loc.getLineNr() < 1) {
        return name + keyLine(yaml, u.getPropertyName()) + ": " + path + ": " + reason;
      }
    } else if (e instanceof MismatchedInputException m
        && m.getTargetType() != null
        && !(e.getCause() instanceof IllegalArgumentException)) {
      reason =
          "expected "
              + typeName(m.getTargetType())
              + (m instanceof InvalidFormatException f ? ", not '" + f.getValue() + "'" : "");
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      // A record constructor's own message is the best reason; Jackson's is the fallback.
      reason = root != e && root.getMessage() != null ? root.getMessage() : e.getOriginalMessage();
      int nl = reason.indexOf('\n');
      if (nl > 0) {
        reason = reason.substring(0, nl);
      }
    }
    return name + location(loc) + (path.isEmpty() ? "" : ": " + path) + ": " + reason;
  }

  /** ":line" of the first line that holds {@code key:} as a key, or "" when not found. */
  private static String keyLine(byte[] yaml, String key) {
    Pattern p = Pattern.compile("^[\\s-]*(?:\\{.*[\\s,{])?" + Pattern.quote(key) + "\\s*:");
    String[] lines = new String(yaml, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (p.matcher(lines[i]).find()) {
        return ":" + (i + 1);
      }
    }
    return "";
  }

  private static String typeName(Class<?> t) {
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "a whole number";
    }
    if (t == Double.class || t == double.class) {
      return "a number";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a text value";
    }
    if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (t.isEnum()) {
      return "one of "
          + java.util.Arrays.toString(t.getEnumConstants()).toLowerCase(java.util.Locale.ROOT);
    }
    return "a mapping of keys (" + t.getSimpleName() + ")";
  }

  private static String location(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return ":" + loc.getLineNr() + ":" + loc.getColumnNr();
  }
}
