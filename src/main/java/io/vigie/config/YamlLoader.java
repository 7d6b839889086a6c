package io.vigie.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  private static final ObjectMapper MAPPER = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

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
      throw new ConfigException(describe(name, e), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(name + location(e.getLocation()) + ": not valid YAML: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String describe(String name, JsonMappingException e) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    String reason;
    if (e instanceof UnrecognizedPropertyException u) {
      reason = "unknown key '" + u.getPropertyName() + "'";
      path = path.isEmpty() ? u.getPropertyName() : path;
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
    return name + location(e.getLocation()) + (path.isEmpty() ? "" : ": " + path) + ": " + reason;
  }

  private static String location(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return ":" + loc.getLineNr() + ":" + loc.getColumnNr();
  }
}
