package io.vigie.firmware.csaf;

import io.vigie.firmware.Advisory;
import io.vigie.firmware.KnownVulnerabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory of CSAF advisories the city keeps up to date offline ({@code advisories.csaf_dir}).
 * Every {@code *.json} below it is read once, at start-up or reload; a file that is not a readable
 * CSAF 2.0 advisory is an error naming the file, counted, and the others still load. Nothing here
 * touches the network.
 *
 * <pre>{@code
 * AdvisoryLibrary.Loaded l = AdvisoryLibrary.load(dir, 8 << 20);
 * l.errors();        // ["advisories/bad.json: document.tracking.id is missing"]
 * l.matcher();       // KnownVulnerabilities over the advisories that loaded
 * }</pre>
 */
public final class AdvisoryLibrary {
  /** More files than this in the directory is a mistake (a whole mirror), not a library. */
  public static final int MAX_FILES = 20_000;

  private AdvisoryLibrary() {}

  /**
   * @param errors one line per file that did not load: {@code path: reason}
   * @param files the JSON files found
   */
  public record Loaded(List<Advisory> advisories, List<String> errors, int files) {
    public Loaded {
      advisories = List.copyOf(advisories);
      errors = List.copyOf(errors);
    }

    public KnownVulnerabilities matcher() {
      return new KnownVulnerabilities(advisories);
    }
  }

  /**
   * @param maxFileBytes a larger file is an error, checked before it is read
   * @throws IOException when the directory itself cannot be listed
   */
  public static Loaded load(Path dir, long maxFileBytes) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(Files::isRegularFile)
              .sorted()
              .limit(MAX_FILES + 1L)
              .toList();
    }
    if (files.size() > MAX_FILES) {
      throw new IOException(dir + ": more than " + MAX_FILES + " .json files");
    }
    List<Advisory> advisories = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path f : files) {
      try {
        long size = Files.size(f);
        if (size > maxFileBytes) {
          errors.add(f + ": " + size + " bytes, over max_file_bytes " + maxFileBytes);
          continue;
        }
        advisories.add(CsafReader.read(Files.readAllBytes(f), f.toString()));
      } catch (CsafReader.BadAdvisory e) {
        errors.add(f + ": " + e.getMessage());
      } catch (IOException e) {
        errors.add(f + ": cannot read: " + e.getMessage());
      }
    }
    return new Loaded(advisories, errors, files.size());
  }
}
