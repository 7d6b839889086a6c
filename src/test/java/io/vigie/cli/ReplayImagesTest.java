package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.demo.DemoCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evidence.keep_images: the files seen in clear are kept under their SHA-256, and verify vouches
 * for them.
 */
class ReplayImagesTest {
  /** The firmware image the demo's vendor pushes over HTTP. */
  private static final String FIRMWARE =
      "7728a3893952ef620b656cbfa9952de0907d0c271f2c818441e46c776fcf3d86";

  private static final Pattern SHA = Pattern.compile("\"file_sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

  @TempDir Path dir;

  @Test
  void theDemoReplayKeepsEveryHashedFileAndVerifyCatchesAChangedOne() throws Exception {
    Path pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    Path site = copy("site.yaml");
    Files.writeString(site, Files.readString(site) + "\nevidence:\n  keep_images: true\n");
    Path windows = copy("windows.yaml");
    Path db = dir.resolve("case.db");
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--json",
            "--config",
            site.toString(),
            "--windows",
            windows.toString(),
            "--evidence",
            db.toString(),
            pcap.toString());
    assertEquals(0, r.code(), r.err());

    Set<String> hashed = new TreeSet<>();
    Matcher m = SHA.matcher(r.out());
    while (m.find()) {
      hashed.add(m.group(1));
    }
    assertTrue(hashed.contains(FIRMWARE), r.out());
    assertTrue(hashed.size() >= 3, "the HTTP, FTP and TFTP transfers are hashed: " + hashed);

    Path images = dir.resolve("case.db.images");
    List<Path> kept;
    try (Stream<Path> s = Files.list(images)) {
      kept = s.sorted().toList();
    }
    Set<String> names = new TreeSet<>();
    for (Path p : kept) {
      String name = p.getFileName().toString();
      assertTrue(name.endsWith(".bin"), "no temporary file left: " + name);
      assertEquals(name, sha256(p) + ".bin", "an image is named by its content");
      names.add(name.substring(0, 64));
    }
    assertEquals(hashed, names, "every file hashed on the wire is kept, and nothing else");

    ReplayCommandTest.Result v = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().contains(hashed.size() + " image copies match"), v.out());

    Path tftpOrFtp =
        kept.stream()
            .filter(p -> !p.getFileName().toString().startsWith(FIRMWARE))
            .findFirst()
            .orElseThrow();
    byte[] b = Files.readAllBytes(tftpOrFtp);
    b[b.length / 2] ^= 1;
    Files.write(tftpOrFtp, b);
    ReplayCommandTest.Result bad = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(1, bad.code(), bad.out() + bad.err());
    assertTrue(
        (bad.out() + bad.err()).contains(tftpOrFtp.getFileName().toString()),
        bad.out() + bad.err());

    b[b.length / 2] ^= 1;
    Files.write(tftpOrFtp, b);
    assertEquals(0, ReplayCommandTest.run("evidence", "verify", db.toString()).code());
    Path firmware = images.resolve(FIRMWARE + ".bin");
    Files.delete(firmware);
    ReplayCommandTest.Result gone = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(1, gone.code(), gone.out() + gone.err());
    String said = gone.out() + gone.err();
    assertTrue(said.contains(FIRMWARE + ".bin") && said.contains("missing"), said);
  }

  @Test
  void withoutKeepImagesNothingIsCopied() throws IOException {
    Path pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    Path db = dir.resolve("plain.db");
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--json",
            "--config",
            copy("site.yaml").toString(),
            "--evidence",
            db.toString(),
            pcap.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(FIRMWARE), "the firmware is still hashed");
    assertFalse(Files.exists(dir.resolve("plain.db.images")));
  }

  private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private Path copy(String name) throws IOException {
    Path to = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/io/vigie/demo/" + name)) {
      Files.copy(in, to);
    }
    return to;
  }
}
