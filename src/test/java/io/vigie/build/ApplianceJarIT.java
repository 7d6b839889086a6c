package io.vigie.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after {@code package} (failsafe): the appliance's jar holds none of the tools (demo,
 * benchmarks, camera simulator, reference readers) nor Pcap4J, and the tools' jar runs the demo
 * against it, as {@code ./vigie demo} does.
 */
class ApplianceJarIT {
  /** Prefixes of entries that belong to the tools, never to the appliance. */
  static final List<String> TOOLS =
      List.of(
          "io/vigie/tools/",
          "io/vigie/bench/",
          "io/vigie/demo/",
          "io/vigie/firmware/sim/",
          "io/vigie/cli/Bench",
          "io/vigie/cli/Demo",
          "io/vigie/cli/ClassDataArchive",
          "io/vigie/cli/ReplayJvm",
          "io/vigie/capture/LibpcapFileSource");

  private final Path target = Path.of(System.getProperty("vigie.jars", "target"));

  @TempDir Path dir;

  @Test
  void theApplianceJarHoldsNoToolNorPcap4jAndRoutesSlf4jToJul() throws IOException {
    try (JarFile jar = new JarFile(target.resolve("vigie.jar").toFile())) {
      assertTrue(jar.getEntry("io/vigie/Main.class") != null, "vigie.jar has no Main");
      assertTrue(jar.getEntry("com/sun/jna/Native.class") != null, "vigie.jar is not shaded");
      List<String> leaked =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(n -> TOOLS.stream().anyMatch(n::startsWith) || n.startsWith("org/pcap4j/"))
              .limit(20)
              .toList();
      assertEquals(List.of(), leaked, "tools or Pcap4J in the appliance's jar");
      // SLF4J 2 finds its JUL binding through ServiceLoader: without the service file in the
      // shaded jar it would print a warning on every start and drop Netty's and SQLite's logs.
      ZipEntry provider = jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
      assertTrue(provider != null, "no SLF4J provider in vigie.jar");
      assertEquals(
          "org.slf4j.jul.JULServiceProvider",
          new String(jar.getInputStream(provider).readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }

  @Test
  void theToolsJarHoldsTheToolsAndNoTest() throws IOException {
    try (JarFile jar = new JarFile(target.resolve("vigie-tools.jar").toFile())) {
      assertEquals(
          "io.vigie.tools.ToolsMain", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertEquals("vigie.jar", jar.getManifest().getMainAttributes().getValue("Class-Path"));
      assertTrue(jar.getEntry("io/vigie/demo/site.yaml") != null, "demo site missing");
      List<String> names =
          jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
      assertTrue(names.contains("io/vigie/cli/DemoCommand.class"), names::toString);
      List<String> strays =
          names.stream()
              .filter(
                  n ->
                      TOOLS.stream().noneMatch(n::startsWith)
                          || n.matches(".*(Test|IT)(\\$.*)?\\.class"))
              .toList();
      assertEquals(List.of(), strays, "classes in vigie-tools.jar that are not tools");
    }
  }

  @Test
  void theDemoRunsFromTheTwoJars() throws Exception {
    Path log = dir.resolve("demo.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                target.resolve("vigie-tools.jar").toString(),
                "demo",
                "--out",
                dir.resolve("out").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "demo did not end");
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("vendor_access_outside_window"), out);
    assertTrue(out.contains("privacy_analytics_present"), out);
    assertFalse(out.contains("Exception"), out);
  }
}
