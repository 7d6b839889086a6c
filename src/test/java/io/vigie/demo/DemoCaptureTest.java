package io.vigie.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoCaptureTest {
  private static byte[] pcap;
  private static DemoCapture.Result result;
  private static List<PcapRecords.Rec> records;
  private static final DemoCity CITY = new DemoCity();

  @BeforeAll
  static void generate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result = DemoCapture.write(out);
    pcap = out.toByteArray();
    records = PcapRecords.read(pcap);
  }

  @Test
  void twoRunsWriteTheSameBytes() throws Exception {
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    DemoCapture.write(again);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertArrayEquals(sha.digest(pcap), sha.digest(again.toByteArray()));
  }

  @Test
  void aFewThousandPacketsOverOneToTwoMinutesInTimeOrder() {
    assertEquals(result.totals().packets(), records.size());
    assertTrue(records.size() > 2_000 && records.size() < 10_000, "packets: " + records.size());
    long span = records.get(records.size() - 1).tsMicros() - records.get(0).tsMicros();
    assertTrue(span >= 60_000_000 && span <= 120_000_000, "span µs: " + span);
    for (int i = 1; i < records.size(); i++) {
      assertTrue(
          records.get(i).tsMicros() >= records.get(i - 1).tsMicros(),
          "out of order at record " + i);
    }
    long wire = records.stream().mapToLong(PcapRecords.Rec::wireLen).sum();
    assertEquals(result.totals().wireBytes(), wire);
  }

  @Test
  void ipAndTransportChecksumsVerify() {
    int v6 = 0;
    for (PcapRecords.Rec r : records) {
      byte[] f = r.frame();
      assertTrue(f.length >= 60, "Ethernet minimum size");
      if (r.ipv6()) {
        assertEquals(17, r.u8(20), "next header UDP");
        int udpLen = r.u16(18);
        long pseudo = udpLen + 17;
        for (int i = 22; i < 54; i += 2) {
          pseudo += r.u16(i);
        }
        assertEquals(0, Frames.checksum(pseudo, f, 54, udpLen), "UDP over IPv6 checksum");
        v6++;
        continue;
      }
      assertEquals(0, Frames.checksum(0, f, 14, 20), "IPv4 header checksum");
      int l4Len = r.u16(16) - 20;
      long pseudo =
          (r.srcIp() >>> 16)
              + (r.srcIp() & 0xffff)
              + (r.dstIp() >>> 16)
              + (r.dstIp() & 0xffff)
              + r.proto()
              + l4Len;
      assertEquals(0, Frames.checksum(pseudo, f, 34, l4Len), "transport checksum");
    }
    assertEquals(2, v6, "the NTP exchange over IPv6");
  }

  @Test
  void tcpSequenceNumbersAdvanceByThePayloadAndAckWhatWasSent() {
    // For every TCP direction: each segment starts where the previous one ended.
    Map<String, Long> nextSeq = new TreeMap<>();
    int checked = 0;
    for (PcapRecords.Rec r : records) {
      if (r.proto() != 6) {
        continue;
      }
      int flags = r.u8(r.l4() + 13);
      String dir = r.srcIp() + ":" + r.srcPort() + ">" + r.dstIp() + ":" + r.dstPort();
      String back = r.dstIp() + ":" + r.dstPort() + ">" + r.srcIp() + ":" + r.srcPort();
      long seq = r.u32(r.l4() + 4);
      Long expected = nextSeq.get(dir);
      if (expected != null) {
        assertEquals((long) expected, seq, "seq of " + dir);
        checked++;
      }
      if ((flags & Frames.ACK) != 0 && nextSeq.containsKey(back)) {
        assertEquals((long) nextSeq.get(back), r.u32(r.l4() + 8), "ack of " + dir);
      }
      long len = r.payload().length + ((flags & (Frames.SYN | Frames.FIN)) != 0 ? 1 : 0);
      nextSeq.put(dir, (seq + len) & 0xffffffffL);
    }
    assertTrue(checked > 500, "segments checked: " + checked);
  }

  @Test
  void theFirmwareBodyOnTheWireHasTheReportedHash() throws Exception {
    Host vendor = CITY.vendorSupport;
    Host cam = CITY.camera(3);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (PcapRecords.Rec r : records) {
      if (r.proto() == 6
          && r.srcIp() == vendor.ipv4()
          && r.dstIp() == cam.ipv4()
          && r.dstPort() == 80) {
        stream.writeBytes(r.payload());
      }
    }
    byte[] all = stream.toByteArray();
    String text = new String(all, 0, 600, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(text.startsWith("POST /cgi-bin/firmware_upgrade.cgi HTTP/1.1\r\n"), text);
    assertTrue(text.contains("Content-Type: application/octet-stream\r\n"), text);
    int bodyStart = text.indexOf("\r\n\r\n") + 4;
    byte[] body = java.util.Arrays.copyOfRange(all, bodyStart, all.length);
    assertEquals(262_144, body.length);
    String onWire = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertEquals(result.httpImage().sha256(), onWire);
  }

  @Test
  void theTimelineNamesTheVendorSessionsAtTheirTimes() {
    Map<String, String> sessions =
        result.timeline().stream()
            .filter(e -> e.what().equals("ssh"))
            .collect(Collectors.toMap(e -> e.at().toString(), e -> e.to()));
    assertEquals(
        Map.of(
            "2026-11-20T09:00:30Z", "cam-03 10.20.1.3", "2026-11-20T09:01:30Z", "cam-05 10.20.1.5"),
        sessions);
    // The SSH sessions really are in the capture at those times, to port 22 of those cameras.
    long firstSyn =
        records.stream()
            .filter(r -> r.proto() == 6 && r.dstPort() == 22 && r.dstIp() == CITY.camera(3).ipv4())
            .mapToLong(PcapRecords.Rec::tsMicros)
            .min()
            .orElseThrow();
    assertEquals(DemoCapture.START.plusSeconds(30).toEpochMilli() * 1000, firstSyn);
  }
}
