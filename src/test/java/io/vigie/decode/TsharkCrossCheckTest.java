package io.vigie.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.capture.PcapFileSource;
import io.vigie.net.IpAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Decodes corpus files (one per link type and decode path) and compares every TCP and UDP 5-tuple
 * with what tshark prints for the same frame.
 */
class TsharkCrossCheckTest {
  private static final List<String> FILES =
      List.of(
          "ssh-zeek-single-conn.pcap", // Ethernet
          "telnet-zeek-port-21-rawip.pcap", // LINKTYPE_IPV4
          "vnc-suricata-loopback.pcap", // NULL
          "http-zeek-vlan.pcap", // 802.1Q
          "http-zeek-qinq.pcap", // QinQ
          "http-suricata-sll2.pcap", // SLL2
          "smb-suricata-sll.pcap", // SLL
          "rtsp-ndpi-sll-8554.pcapng", // SLL in pcapng
          "ftp-zeek-ipv6.pcap", // IPv6
          "dns-zeek-ipv6-fragmented.pcap", // IPv6 fragments
          "dns-ndpi-fragmented.pcap", // IPv4 fragments
          "dns-tcpdump-rawip-v6.pcap", // RAW
          "dns-zeek-pcapng-multi-interface.pcapng",
          "mismatch-zeek-http-to-ssh-nsec.pcap",
          "openvpn-ndpi-tlscrypt-loopback.pcap");

  @TestFactory
  Stream<DynamicTest> tuplesMatchTshark() {
    String shared = System.getProperty("vigie.shared");
    assumeTrue(shared != null, "system property vigie.shared is not set");
    Path dir = Path.of(shared, "corpus", "pcap");
    assumeTrue(Files.isDirectory(dir), "no corpus at " + dir);
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    return FILES.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f,
                    () -> {
                      Path file = dir.resolve(f);
                      Map<Integer, String> expected = tshark(file);
                      assertFalse(expected.isEmpty(), "tshark saw no TCP or UDP in " + f);
                      assertEquals(expected, ours(file), "frame -> tuple for " + f);
                    }));
  }

  static Map<Integer, String> ours(Path file) throws Exception {
    Map<Integer, String> out = new TreeMap<>();
    PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    DecodedPacket pkt = new DecodedPacket();
    int[] frame = {0};
    try (PcapFileSource src = PcapFileSource.open(file)) {
      while (src.dispatch(
              (link, ts, buf, off, cap, wire) -> {
                frame[0]++;
                if (decoder.decode(link, ts, buf, off, cap, wire, pkt)
                    && (pkt.isTcp() || pkt.isUdp())) {
                  out.put(
                      frame[0],
                      IpAddress.format(pkt.ipVersion, pkt.srcHi, pkt.srcLo)
                          + " "
                          + pkt.srcPort
                          + " "
                          + IpAddress.format(pkt.ipVersion, pkt.dstHi, pkt.dstLo)
                          + " "
                          + pkt.dstPort
                          + " "
                          + pkt.ipProto);
                }
              },
              256)
          >= 0) {
        // read on
      }
    }
    return out;
  }

  /** tshark's view: frames with a TCP or UDP header that are not inside an ICMP error. */
  static Map<Integer, String> tshark(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "tshark",
                "-n",
                "-r",
                file.toString(),
                "-T",
                "fields",
                "-E",
                "separator=/t",
                "-e",
                "frame.number",
                "-e",
                "ip.src",
                "-e",
                "ipv6.src",
                "-e",
                "tcp.srcport",
                "-e",
                "udp.srcport",
                "-e",
                "ip.dst",
                "-e",
                "ipv6.dst",
                "-e",
                "tcp.dstport",
                "-e",
                "udp.dstport",
                "-e",
                "icmp.type",
                "-e",
                "icmpv6.type")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines = new ArrayList<>();
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      r.lines().forEach(lines::add);
    }
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
    Map<Integer, String> out = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (!f[9].isEmpty() || !f[10].isEmpty()) {
        continue;
      }
      boolean tcp = !f[3].isEmpty();
      boolean udp = !f[4].isEmpty();
      if (!tcp && !udp) {
        continue;
      }
      String src = first(f[1].isEmpty() ? f[2] : f[1]);
      String dst = first(f[5].isEmpty() ? f[6] : f[5]);
      out.put(
          Integer.parseInt(f[0]),
          src
              + " "
              + first(tcp ? f[3] : f[4])
              + " "
              + dst
              + " "
              + first(tcp ? f[7] : f[8])
              + " "
              + (tcp ? 6 : 17));
    }
    return out;
  }

  private static String first(String s) {
    int c = s.indexOf(',');
    return c < 0 ? s : s.substring(0, c);
  }
}
