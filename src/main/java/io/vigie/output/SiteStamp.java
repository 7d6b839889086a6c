package io.vigie.output;

import java.util.Map;

/**
 * Who wrote a record, added to every record that leaves vigie when the site has a name: {@code
 * "site"} and, when tags are set, {@code "site_tags"} after the record's own fields. Without a name
 * nothing is added, so {@code replay --json} without a site stays byte for byte what it was.
 */
public record SiteStamp(String name, Map<String, String> tags) {
  public static final SiteStamp NONE = new SiteStamp(null, Map.of());

  public SiteStamp {
    tags = tags == null ? Map.of() : tags;
  }

  /** Whether records get a {@code site} field. */
  public boolean present() {
    return name != null;
  }
}
