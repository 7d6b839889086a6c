package io.vigie.report;

import io.vigie.Main;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.demo.DemoCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's case for the tests: {@code vigie demo}'s capture, site and windows, replayed by the
 * real {@code vigie replay --evidence} into a real evidence store (SQLite, slices, signed key).
 */
public final class DemoCase {
  private DemoCase() {}

  /** Writes the demo's files into {@code dir} and replays them into {@code db}; returns it. */
  public static Path replay(Path dir, Path db) throws IOException {
    Path pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    Path site = copy(dir, "site.yaml");
    Path windows = copy(dir, "windows.yaml");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // replay --json writes to System.out in real use; kept out of the test's output here.
    PrintStream saved = System.out;
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
      code =
          Main.run(
              new String[] {
                "replay",
                "--json",
                "--config",
                site.toString(),
                "--windows",
                windows.toString(),
                "--evidence",
                db.toString(),
                pcap.toString()
              },
              new PrintWriter(out, true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    if (code != 0) {
      throw new IllegalStateException("demo replay failed (" + code + "): " + err);
    }
    return db;
  }

  /** The demo site's names (written by {@link #replay} into {@code dir}), times in Paris. */
  public static SiteNames names(Path dir) throws Exception {
    return SiteNames.of(
        YamlLoader.load(dir.resolve("site.yaml"), SiteConfig.class), SiteNames.DEFAULT_ZONE);
  }

  private static Path copy(Path dir, String name) throws IOException {
    Path to = dir.resolve(name);
    try (InputStream in = DemoCase.class.getResourceAsStream("/io/vigie/demo/" + name)) {
      Files.copy(in, to);
    }
    return to;
  }
}
