package io.vigie.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.demo.DemoCapture;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.PacketRecorder;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.pipeline.Replay;
import io.vigie.policy.WindowSet;
import io.vigie.policy.journal.WindowsFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo capture replayed against the demo site and window: the firmware image POSTed to cam-03
 * is certified and expected by W-DEMO-1 (info), the TFTP plug-in written to cam-04 is not certified
 * (high), nor is the configuration file STORed on cam-06 (high); each hash is the one of the bytes
 * the capture carries.
 */
class DemoFirmwareReplayTest {
  @TempDir Path dir;

  @Test
  void theDemoShowsTheFirmwareUploadWithItsHash() throws Exception {
    Path pcap = dir.resolve("demo.pcap");
    DemoCapture.Result demo;
    try (OutputStream os = Files.newOutputStream(pcap)) {
      demo = DemoCapture.write(os);
    }
    SiteConfig site = YamlLoader.load(copy("site.yaml"), SiteConfig.class);
    WindowSet windows = WindowsFile.load(copy("windows.yaml"), site);
    List<Notice> notices = new ArrayList<>();
    List<EvidenceRecord> evidence = new ArrayList<>();
    new Replay(site, windows, PacketRecorder.NONE, Replay.output(s -> {}, notices::add))
        .evidence(evidence::add)
        .run(List.of(pcap), p -> {});

    List<Notice> transfers =
        notices.stream().filter(n -> n.note().equals("firmware_transfer")).toList();
    Notice upgrade = only(transfers, "cam-03");
    assertEquals(Severity.INFO, upgrade.severity(), upgrade.msg());
    assertEquals("W-DEMO-1", upgrade.window());
    assertTrue(upgrade.msg().contains("sha256 " + demo.httpImage().sha256()), upgrade.msg());
    assertTrue(
        upgrade
            .msg()
            .contains(
                "certified image for AV-D200 V5.8.0 build 261118, expected by window W-DEMO-1"),
        upgrade.msg());
    assertTrue(upgrade.msg().contains(demo.httpImage().bytes().length + " bytes"), upgrade.msg());

    Notice plugin = only(transfers, "cam-04");
    assertEquals(Severity.HIGH, plugin.severity(), plugin.msg());
    assertTrue(
        plugin
            .msg()
            .contains(
                demo.tftpImage().fileName()
                    + " ("
                    + demo.tftpImage().bytes().length
                    + " bytes, sha256 "
                    + demo.tftpImage().sha256()
                    + ")"),
        plugin.msg());
    assertTrue(plugin.msg().contains("NOT a certified image"), plugin.msg());

    // The configuration file STORed on cam-06 is a file pushed to a camera too, and not certified.
    Notice config = only(transfers, "cam-06");
    assertEquals(Severity.HIGH, config.severity(), config.msg());
    assertTrue(
        config.msg().contains("sha256 " + demo.ftpImage().sha256())
            && config.msg().contains("over ftp-data"),
        config.msg());
    assertEquals(3, transfers.size(), transfers::toString);

    List<EvidenceRecord> images =
        evidence.stream().filter(r -> r.kind().equals("firmware_image")).toList();
    assertEquals(transfers.size(), images.size(), images::toString);
    EvidenceRecord kept =
        images.stream().filter(r -> "cam-03".equals(r.subject())).findFirst().orElseThrow();
    assertEquals(demo.httpImage().sha256(), kept.fields().get("sha256"));
    assertEquals((long) demo.httpImage().bytes().length, kept.fields().get("size"));
    assertEquals(true, kept.fields().get("certified"));
    assertEquals(true, kept.fields().get("expected"));
    assertEquals("W-DEMO-1", kept.fields().get("window"));
    assertEquals(upgrade.communityId(), kept.fields().get("community_id"));
  }

  private static Notice only(List<Notice> notices, String camera) {
    List<Notice> l = notices.stream().filter(n -> camera.equals(n.camera())).toList();
    assertEquals(1, l.size(), notices::toString);
    return l.get(0);
  }

  private Path copy(String name) throws Exception {
    Path to = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/io/vigie/demo/" + name)) {
      Files.copy(in, to);
    }
    return to;
  }
}
