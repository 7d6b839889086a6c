package io.vigie.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.net.IpAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decodes the hand-built frames of {@code <fixture>.hex} and compares one line per frame with
 * {@code <fixture>.expected}, written by {@code make_fixtures.py} from what it put in each frame.
 */
class PacketDecoderFixtureTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"link-types", "malformed", "fragments-v4", "fragments-v6", "fragments-limits"})
  void framesDecodeAsTheGoldenFileSays(String fixture) throws IOException {
    List<String> expected = lines(fixture + ".expected");
    assertEquals(expected, decodeAll(lines(fixture + ".hex")));
  }

  static List<String> decodeAll(List<String> hex) {
    FragmentLimits limits = FragmentLimits.DEFAULTS;
    for (String l : hex) {
      if (l.startsWith("# limits: ")) {
        String[] f = l.substring(10).trim().split(" ");
        limits =
            new FragmentLimits(
                Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]));
      }
    }
    DecodeCounters counters = new DecodeCounters();
    PacketDecoder decoder = new PacketDecoder(counters, limits);
    DecodedPacket pkt = new DecodedPacket();
    List<String> out = new ArrayList<>();
    int index = 0;
    for (String l : hex) {
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(" ");
      String name = f[0];
      int link = Integer.parseInt(f[1]);
      byte[] frame = HexFormat.of().parseHex(f.length > 3 ? f[3] : "");
      // An offset into a bigger buffer, as a capture source hands frames over.
      byte[] buf = new byte[frame.length + 16];
      System.arraycopy(frame, 0, buf, 16, frame.length);
      int wire = f[2].equals("-") ? frame.length : Integer.parseInt(f[2]);
      int at = name.indexOf('@');
      long seconds = at < 0 ? index : Long.parseLong(name.substring(at + 1).replaceAll("-.*", ""));
      Map<Malformed, Long> before = counters.snapshot();
      boolean ok = decoder.decode(link, seconds * 1_000_000_000L, buf, 16, frame.length, wire, pkt);
      out.add(name + " " + (ok ? format(pkt) : skipped(before, counters.snapshot(), decoder)));
      assertEquals(seconds * 1_000_000_000L, pkt.tsNanos);
      assertEquals(link, pkt.linkType);
      assertEquals(wire, pkt.wireLen);
      assertEquals(frame.length, pkt.capLen);
      assertEquals(16, pkt.frameOff);
      index++;
    }
    return out;
  }

  static String format(DecodedPacket p) {
    CRC32 crc = new CRC32();
    crc.update(p.payload, p.payloadOff, p.payloadLen);
    return String.format(
        "ok v%d %s %d > %s %d proto=%d flags=0x%02x seq=%d ack=%d vlan=%d payload=%d crc=%08x toff=%d",
        p.ipVersion,
        IpAddress.format(p.ipVersion, p.srcHi, p.srcLo),
        p.srcPort,
        IpAddress.format(p.ipVersion, p.dstHi, p.dstLo),
        p.dstPort,
        p.ipProto,
        p.tcpFlags,
        p.seq,
        p.ack,
        p.vlan,
        p.payloadLen,
        crc.getValue(),
        p.transportOff < 0 ? -1 : p.transportOff - p.frameOff);
  }

  private static String skipped(
      Map<Malformed, Long> before, Map<Malformed, Long> after, PacketDecoder d) {
    List<String> reasons = new ArrayList<>();
    for (Map.Entry<Malformed, Long> e : after.entrySet()) {
      if (!e.getValue().equals(before.getOrDefault(e.getKey(), 0L))) {
        reasons.add(e.getKey().label());
      }
    }
    return (reasons.isEmpty() ? "held" : "skip " + String.join(",", reasons))
        + " inflight="
        + d.fragmentsInFlight();
  }

  private static List<String> lines(String resource) throws IOException {
    try (InputStream in = PacketDecoderFixtureTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
