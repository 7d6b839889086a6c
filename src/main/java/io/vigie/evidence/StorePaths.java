package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import java.nio.file.Path;

/**
 * Where a store's files are: the database, its key pair and its pcap slices. By default all sit
 * next to the database, so a reviewer handed {@code evidence.db} and its siblings needs nothing
 * else (in particular not vigie's config).
 */
public record StorePaths(Path db, Path keyFile, Path pubFile, Path sliceDir) {

  public static StorePaths of(Path db, EvidenceConfig cfg) {
    Path key = cfg.keyFile() == null ? sibling(db, ".key") : Path.of(cfg.keyFile());
    Path pub = cfg.keyFile() == null ? sibling(db, ".pub") : Path.of(cfg.keyFile() + ".pub");
    Path slices = cfg.sliceDir() == null ? sibling(db, ".slices") : Path.of(cfg.sliceDir());
    return new StorePaths(db, key, pub, slices);
  }

  /**
   * Copies of files seen on the wire ({@code evidence.keep_images}), always next to the database.
   */
  public Path imageDir() {
    return sibling(db, ".images");
  }

  /** The defaults, as verify assumes them when not told otherwise. */
  public static StorePaths defaults(Path db) {
    return of(db, EvidenceConfig.DEFAULTS);
  }

  private static Path sibling(Path db, String suffix) {
    return db.resolveSibling(db.getFileName() + suffix);
  }
}
