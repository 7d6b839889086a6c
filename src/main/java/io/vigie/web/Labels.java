package io.vigie.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The UI's words in one language, from {@code labels_<lang>.properties} (UTF-8) beside this class.
 *
 * <pre>{@code
 * Labels l = Labels.load().get("fr");
 * l.get("approver.title");                 // "Fenêtres à approuver"
 * l.format("flash.approved", "W-3");       // with MessageFormat arguments
 * }</pre>
 */
final class Labels {
  static final List<String> LANGS = List.of("fr", "en");
  static final String DEFAULT_LANG = "fr";

  private final String lang;
  private final Properties words;

  private Labels(String lang, Properties words) {
    this.lang = lang;
    this.words = words;
  }

  /** Both languages, read once at start-up; a missing file is a build fault. */
  static Map<String, Labels> load() {
    return Map.of("fr", read("fr"), "en", read("en"));
  }

  private static Labels read(String lang) {
    String name = "labels_" + lang + ".properties";
    try (InputStream in = Labels.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new Labels(lang, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String lang() {
    return lang;
  }

  /** The label; an unknown key shows as itself so that a gap is visible, not fatal. */
  String get(String key) {
    return words.getProperty(key, key);
  }

  String format(String key, Object... args) {
    return new MessageFormat(get(key), Locale.forLanguageTag(lang)).format(args);
  }

  /** The keys, for the test that both languages say everything. */
  java.util.Set<String> keys() {
    return words.stringPropertyNames();
  }
}
