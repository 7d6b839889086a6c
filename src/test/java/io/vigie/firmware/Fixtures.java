package io.vigie.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Test fixtures from the classpath and the shared corpus. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ${vigie.shared}/corpus/onvif}, or the test is skipped with a message. */
  public static Path onvifCorpus() {
    String shared = System.getProperty("vigie.shared");
    Assumptions.assumeTrue(shared != null, "vigie.shared is not set: ONVIF corpus tests skipped");
    Path p = Paths.get(shared, "corpus", "onvif");
    Assumptions.assumeTrue(
        p.resolve("MANIFEST.tsv").toFile().isFile(), "no ONVIF corpus at " + p + ": skipped");
    return p;
  }
}
