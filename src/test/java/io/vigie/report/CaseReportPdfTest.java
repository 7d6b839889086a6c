package io.vigie.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie evidence report} on the demo's case, read back by Debian's poppler tools: {@code
 * pdftotext} finds the incidents, their hashes and the chain's verdict in French and English,
 * {@code pdftoppm} renders the first page (kept as {@code target/screenshots/case-report-*.png}).
 */
class CaseReportPdfTest {
  static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  static Path db;

  @BeforeAll
  static void replay() throws Exception {
    db = DemoCase.replay(dir, dir.resolve("case.db"));
  }

  record Run(int code, String out, String err) {}

  static Run vigie(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static void assumePoppler() {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/pdftotext"))
            && Files.isExecutable(Path.of("/usr/bin/pdftoppm")),
        "no pdftotext/pdftoppm: apt-get install -y poppler-utils to check the case report");
  }

  private static String run(Path out, String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + text);
    return text;
  }

  /** The PDF's text as pdftotext reads it, lines joined so that a wrapped sentence reads whole. */
  private static String text(Path pdf) throws Exception {
    String raw = run(dir.resolve(pdf.getFileName() + ".txt"), "pdftotext", pdf.toString(), "-");
    return raw.replaceAll("\\s+", " ");
  }

  private static Path report(String lang) {
    Path pdf = dir.resolve("case-" + lang + ".pdf");
    Run r =
        vigie(
            "evidence",
            "report",
            db.toString(),
            "--out",
            pdf.toString(),
            "--lang",
            lang,
            "--config",
            dir.resolve("site.yaml").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("chain intact"), r.out());
    return pdf;
  }

  @Test
  void theEnglishReportTellsTheIncidentsWithTheirHashesAndTheVerdict() throws Exception {
    assumePoppler();
    Path pdf = report("en");
    String t = text(pdf);
    assertTrue(
        t.contains(
            "The vendor Acme Vision (203.0.113.51) connected by SSH to camera cam-05 at 10:01:30"
                + " (09:01:30 UTC) without an approved window."),
        t);
    assertTrue(t.contains("Camera cam-08 registered by GB28181 to the video platform"), t);
    assertTrue(t.contains("INTACT:"), t);
    assertTrue(t.contains("vigie evidence verify case.db"), t);
    assertTrue(t.contains("openssl ts -verify"), t);
    for (String hash : incidentHashes()) {
      assertTrue(t.contains(hash), "record hash " + hash + " in the report");
    }
    assertTrue(
        !t.contains("direction=") && !t.contains("end_reason") && !t.matches(".*\\d\\.\\d+E9.*"),
        t);
    Path png = render(pdf, "case-report-en");
    assertTrue(Files.size(png) > 20_000, "a rendered page with text: " + Files.size(png));
  }

  @Test
  void theFrenchReportSaysTheSameInFrench() throws Exception {
    assumePoppler();
    Path pdf = report("fr");
    String t = text(pdf);
    assertTrue(
        t.contains(
            "Connexion SSH par le prestataire Acme Vision (203.0.113.51) vers la caméra cam-05 à"
                + " 10:01:30 (09:01:30 UTC), sans fenêtre de maintenance approuvée."),
        t);
    assertTrue(t.contains("INTACTE :") && t.contains("Comment la vérifier vous-même"), t);
    for (String hash : incidentHashes()) {
      assertTrue(t.contains(hash), "record hash " + hash + " in the report");
    }
    render(pdf, "case-report-fr");
  }

  @Test
  void aTamperedSliceMakesTheReportSayNotIntact() throws Exception {
    assumePoppler();
    Path copy = dir.resolve("tampered");
    Files.createDirectories(copy);
    Path tdb = DemoCase.replay(copy, copy.resolve("case.db"));
    try (Stream<Path> s = Files.walk(copy.resolve("case.db.slices"))) {
      Path slice = s.filter(p -> p.toString().endsWith(".pcap")).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(slice);
      b[b.length - 1] ^= 1;
      Files.write(slice, b);
    }
    Path pdf = copy.resolve("case.pdf");
    Run r = vigie("evidence", "report", tdb.toString(), "--out", pdf.toString(), "--lang", "en");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("NOT INTACT"), r.out());
    assertTrue(text(pdf).contains("NOT INTACT:"));
  }

  @Test
  void anExistingFileIsKeptWithoutForceAndBadInputIsExit2() throws IOException {
    Path pdf = dir.resolve("kept.pdf");
    Files.writeString(pdf, "mine");
    Run r = vigie("evidence", "report", db.toString(), "--out", pdf.toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--force"), r.err());
    assertEquals("mine", Files.readString(pdf));
    Run forced = vigie("evidence", "report", db.toString(), "--out", pdf.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(Files.readString(pdf, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));

    // The filters narrow the story as on the page: cam-05's one incident.
    Run device =
        vigie(
            "evidence",
            "report",
            db.toString(),
            "--out",
            dir.resolve("cam05.pdf").toString(),
            "--device",
            "cam-05");
    assertEquals(0, device.code(), device.err());
    assertTrue(device.out().contains(", 1 incidents,"), device.out());

    Run lang = vigie("evidence", "report", db.toString(), "--out", "x.pdf", "--lang", "de");
    assertEquals(2, lang.code());
    assertTrue(lang.err().contains("--lang"), lang.err());
    Run folder =
        vigie(
            "evidence", "report", db.toString(), "--out", dir.resolve("no/such/x.pdf").toString());
    assertEquals(2, folder.code());
    assertTrue(folder.err().contains("no such folder"), folder.err());
    Run none = vigie("evidence", "report", dir.resolve("none.db").toString(), "--out", "y.pdf");
    assertEquals(2, none.code());
    assertTrue(!Files.exists(Path.of("x.pdf")) && !Files.exists(Path.of("y.pdf")));
  }

  /** The chain hashes of the cam-05 incident's records: the notice, the session, the slice. */
  private static List<String> incidentHashes() throws IOException {
    List<TimelineEntry> all = Timeline.read(db, TimelineFilter.ALL);
    String cid = null;
    for (TimelineEntry e : all) {
      if ("session".equals(e.kind()) && "cam-05".equals(e.fields().path("resp_name").asText())) {
        cid = e.subject();
      }
    }
    List<String> out = new ArrayList<>();
    for (TimelineEntry e : all) {
      if (cid != null && cid.equals(e.fields().path("community_id").asText())) {
        out.add(e.hash());
        if ("slice".equals(e.kind())) {
          out.add(e.fields().path("sha256").asText());
        }
      }
    }
    assertTrue(out.size() >= 3, "notice, session and slice of cam-05: " + out);
    return out;
  }

  /** The first page as PNG (pdftoppm), kept under target/screenshots/. */
  private static Path render(Path pdf, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Path prefix = SHOTS.toAbsolutePath().resolve(name);
    run(
        dir.resolve(name + ".log"),
        "pdftoppm",
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdf.toString(),
        prefix.toString());
    Path png = Path.of(prefix + ".png");
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertEquals((byte) 0x89, head[0]);
    assertEquals('P', head[1]);
    return png;
  }
}
