package io.vigie.config;

/**
 * Where checkpoints are published outside the evidence store's folder.
 *
 * <pre>
 * evidence:
 *   anchors:
 *     file: /var/log/vigie/evidence-anchors.log   # append-only; ship it off the appliance
 * </pre>
 *
 * @param file the anchor file; null means {@code <store folder>.anchors/<db file>.anchors}, a
 *     sibling of the store's folder. It may never be inside the store's folder: whoever can rewrite
 *     the store must not find its anchors beside it
 */
public record AnchorsConfig(String file) {
  public static final AnchorsConfig DEFAULTS = new AnchorsConfig(null);

  public AnchorsConfig {
    if (file != null && file.isBlank()) {
      throw new IllegalArgumentException("anchors.file is empty");
    }
  }
}
