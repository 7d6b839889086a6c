package io.vigie.replay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The third-party captures in {@code ../shared/corpus/pcap/} with their MANIFEST. Tests skip with a
 * message when the corpus is absent (a user's clone has no shared/ beside it).
 */
final class SharedCorpus {
  record Entry(Path file, int packets, Set<String> expectedApps, String format) {}

  private SharedCorpus() {}

  static Path dir() {
    String shared = System.getProperty("vigie.shared", "../shared");
    Path d = Path.of(shared, "corpus", "pcap");
    assumeTrue(
        Files.isRegularFile(d.resolve("MANIFEST.tsv")),
        "shared corpus not found at " + d.toAbsolutePath() + "; skipping corpus tests");
    return d;
  }

  static List<Entry> entries() throws IOException {
    Path d = dir();
    List<String> lines = Files.readAllLines(d.resolve("MANIFEST.tsv"));
    List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int packets = header.indexOf("packets");
    int apps = header.indexOf("expected_apps");
    int format = header.indexOf("format");
    List<Entry> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      Set<String> expected = new LinkedHashSet<>();
      for (String a : c[apps].split(",")) {
        if (!a.isBlank()) {
          expected.add(a.trim());
        }
      }
      out.add(
          new Entry(d.resolve(c[file]), Integer.parseInt(c[packets].trim()), expected, c[format]));
    }
    return out;
  }
}
