package io.vigie.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.tools.ToolsMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaderBenchTest {
  @TempDir Path dir;

  private Path capture(int packets) throws Exception {
    byte[] frame =
        HexFormat.of()
            .parseHex(
                "02000000000102000000000208004500001f000100004011000"
                    + "00a000001c0a8011414e90035000b0000616263");
    Path p = dir.resolve("b.pcap");
    try (PcapWriter w = new PcapWriter(Files.newOutputStream(p), LinkType.ETHERNET, 65535)) {
      for (int i = 0; i < packets; i++) {
        w.write(i * 1000L, frame, 0, frame.length, frame.length);
      }
    }
    return p;
  }

  @Test
  void everyReaderSeesEveryPacketOfEveryPass() throws Exception {
    List<ReaderBench.Result> results = new ReaderBench(capture(100), 1000).run();
    assertEquals(
        List.of(
            "vigie PcapFileSource",
            "vigie PcapFileSource+PacketDecoder",
            "libpcap via JNA pcap_next_ex"),
        results.stream().map(ReaderBench.Result::reader).toList());
    for (ReaderBench.Result r : results) {
      assertEquals(1000, r.packets(), r.toString());
      assertTrue(
          r.nanos() > 0 && r.nsPerPacket() > 0 && r.packetsPerSecond() > 0 && r.cpuNanos() >= 0,
          r.toString());
    }
  }

  @Test
  void commandPrintsOneLinePerReaderAndRefusesAMissingFile() throws Exception {
    Path file = capture(50);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ToolsMain.run(
            new String[] {"bench", "reader", file.toString(), "--min-packets", "500"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(4, lines.size(), out.toString());
    for (String l : lines.subList(1, 4)) {
      assertTrue(
          l.matches(".+ +500 packets +[0-9.]+ ns/packet +[0-9,]+ packets/s +[0-9.]+ cpu-ns/packet"),
          l);
    }
    StringWriter err2 = new StringWriter();
    Path missing = dir.resolve("missing.pcap");
    assertEquals(
        2,
        ToolsMain.run(
            new String[] {"bench", "reader", missing.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err2, true)));
    assertEquals("vigie: " + missing + ": no such file", err2.toString().trim());
  }
}
