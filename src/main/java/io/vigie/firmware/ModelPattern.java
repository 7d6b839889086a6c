package io.vigie.firmware;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The camera models an advisory's {@code product_name} stands for. Advisories name single models
 * ({@code AXIS A1001}) and families with placeholders ({@code DS-2CD2xx2FWD Series}, {@code
 * IPC-HDBW2XXX}); cameras report their exact model ({@code DS-2CD2142FWD-IWS}).
 *
 * <ul>
 *   <li>the vendor's first word at the start of either name is dropped ({@code AXIS A1001} and
 *       {@code A1001} are the same), as are spaces, a trailing comma and a trailing {@code Series};
 *   <li>a lower-case {@code x} stands for one letter or digit; a run of two or more upper-case
 *       {@code X} for one or more (a single upper-case X is a letter of the model);
 *   <li>a family (a placeholder or {@code Series}) matches the models that start with it; a single
 *       model matches only itself, case aside.
 * </ul>
 */
public final class ModelPattern {
  private static final Pattern SERIES =
      Pattern.compile("(?i)[\\s,]*(series)?[\\s,]*(and)?[\\s,]*$");

  private final String name;
  private final Pattern pattern;

  private ModelPattern(String name, Pattern pattern) {
    this.name = name;
    this.pattern = pattern;
  }

  public static ModelPattern of(String vendor, String productName) {
    String raw = productName == null ? "" : productName.trim();
    boolean series = raw.toLowerCase(Locale.ROOT).replaceAll("[\\s,]+$", "").endsWith("series");
    String s = normalise(vendor, SERIES.matcher(raw).replaceFirst(""));
    StringBuilder re = new StringBuilder();
    boolean family = series;
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == 'x') {
        re.append("[A-Z0-9]");
        family = true;
        i++;
      } else if (c == 'X' && i + 1 < s.length() && s.charAt(i + 1) == 'X') {
        while (i < s.length() && s.charAt(i) == 'X') {
          i++;
        }
        re.append("[A-Z0-9]+");
        family = true;
      } else {
        re.append(Pattern.quote(String.valueOf(Character.toUpperCase(c))));
        i++;
      }
    }
    if (family) {
      re.append(".*");
    }
    return new ModelPattern(productName, Pattern.compile(re.toString()));
  }

  /** Whether a camera of this vendor reporting this model is one the product name covers. */
  public boolean matches(String vendor, String model) {
    if (model == null || model.isBlank()) {
      return false;
    }
    return pattern.matcher(normalise(vendor, model).toUpperCase(Locale.ROOT)).matches();
  }

  /** The vendor's first word, lower case, letters and digits only: how vendors are compared. */
  public static String vendorKey(String vendor) {
    if (vendor == null) {
      return "";
    }
    String first = vendor.trim().split("[\\s,.]+", 2)[0];
    return first.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String normalise(String vendor, String name) {
    String s = name.trim();
    String key = vendorKey(vendor);
    if (!key.isEmpty() && s.toLowerCase(Locale.ROOT).startsWith(key + " ")) {
      s = s.substring(key.length());
    }
    return s.replaceAll("\\s+", "");
  }

  @Override
  public String toString() {
    return name;
  }
}
