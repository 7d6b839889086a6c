package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.demo.DemoCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir
  Path dir;

  @Test
  void writesTheSiteAndTheCaptureThenReplaysThem() throws Exception {
    Path outDir = dir.resolve("demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"demo", "--out", outDir.toString()}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    SiteConfig site = YamlLoader.load(outDir.resolve("site.yaml"), SiteConfig.class);
    assertEquals(14, site.devices().size());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DemoCapture.Result r = DemoCapture.write(expected);
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(outDir.resolve("demo.pcap")));
    String text = out.toString();
    assertTrue(text.contains("2026-11-20T09:00:30Z"), text);
    assertTrue(text.contains("sha256 " + r.httpImage().sha256()), text);
    String replay = text.substring(text.indexOf("$ vigie replay --config"));
    // The replay found the vendor's SSH session and took the firmware's hash off the wire itself.
    assertTrue(replay.contains("10.20.1.3:22"), replay);
    assertTrue(replay.contains("sha256=" + r.httpImage().sha256()), replay);
  }

  @Test
  void anUnwritableDirectoryIsAUserError() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"demo", "--out", file.toString()}, new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("vigie: cannot write the demo into"), err.toString());
  }
}
