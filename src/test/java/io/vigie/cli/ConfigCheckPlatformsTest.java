package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie config check} accepts the platforms section and refuses a bad one with file, line
 * and key.
 */
class ConfigCheckPlatformsTest {
  @TempDir Path dir;

  private int check(Path file, StringWriter out, StringWriter err) {
    return Main.run(
        new String[] {"config", "check", file.toString()},
        new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  @Test
  void theExampleSiteFileWithItsPlatformIsAccepted() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, check(Path.of("deploy/etc/vigie/vigie.yaml"), out, err), err.toString());
    assertTrue(out.toString().contains("1 platforms)"), out.toString());
  }

  @Test
  void aTypoInAPlatformIsRefusedWithFileLineAndKey() throws Exception {
    Path f = dir.resolve("site.yaml");
    Files.writeString(
        f,
        "networks:\n  - { name: cameras, cidr: 10.20.0.0/16 }\nplatforms:\n  - name: city-vms\n"
            + "    cidrs: [10.30.0.10/32]\n    gb28181_id: ['34020000002000000001']\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, check(f, out, err));
    assertTrue(
        err.toString().contains(f + ":6: platforms[0].gb28181_id: unknown key 'gb28181_id'"),
        err.toString());
  }
}
