package io.vigie.jmh;

import io.vigie.capture.LinkType;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import io.vigie.demo.Frames;
import io.vigie.demo.Host;
import io.vigie.demo.Packet;
import io.vigie.demo.RtpStream;
import io.vigie.demo.Tls;
import io.vigie.demo.VideoProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The payloads of one flow, in order, that a recogniser benchmark feeds: either one of the protocol
 * fixtures of the unit tests ({@code src/test/resources/io/vigie/protocol/NAME.flow}, packed in the
 * benchmarks jar) or a flow of the demo's generators (TLS phone-home, an RTP main stream).
 *
 * @param tcp TCP (the payloads are the stream's segments) or UDP (one datagram each)
 */
public record ProbeInput(
    String name, boolean tcp, int origPort, int respPort, boolean[] fromOrig, byte[][] payloads) {

  /** A new flow on this input's 5-tuple. */
  public BenchmarkFlow newFlow() {
    return new BenchmarkFlow(tcp, origPort, respPort);
  }

  /** The fixture {@code name}.flow: a "flow tcp|udp ORIG RESP" line, then {@code >} / {@code <}. */
  public static ProbeInput fixture(String name) {
    String resource = "/io/vigie/protocol/" + name + ".flow";
    String text;
    try (InputStream in = ProbeInput.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] header = null;
    List<Boolean> dirs = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("flow ")) {
        header = line.trim().split(" +");
        continue;
      }
      dirs.add(line.startsWith(">"));
      String body = line.substring(2);
      payloads.add(
          body.startsWith("hex ")
              ? HexFormat.of().parseHex(body.substring(4).replace(" ", ""))
              : unescape(body));
    }
    if (header == null || payloads.isEmpty()) {
      throw new IllegalStateException(resource + ": no flow line or no payload");
    }
    return new ProbeInput(
        name,
        header[1].equals("tcp"),
        Integer.parseInt(header[2]),
        Integer.parseInt(header[3]),
        toArray(dirs),
        payloads.toArray(new byte[0][]));
  }

  /** A camera's TLS phone-home as the benchmark workloads write it (ClientHello first). */
  public static ProbeInput tls() {
    Host cam = Host.of("cam-00001", "10.20.1.1");
    Host cloud = Host.remote("telemetry.acme-cloud.example", "203.0.113.20");
    List<Packet> packets = Tls.session(cam, 45_000, cloud, cloud.name(), 1_000_000_000L, 2, 7L);
    List<Boolean> dirs = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    DecodedPacket p = new DecodedPacket();
    for (Packet k : packets) {
      byte[] f = k.frame();
      if (decoder.decode(LinkType.ETHERNET, k.tsNanos(), f, 0, f.length, f.length, p)
          && p.payloadLen > 0) {
        dirs.add(p.srcPort == 45_000);
        payloads.add(Arrays.copyOfRange(p.payload, p.payloadOff, p.payloadOff + p.payloadLen));
      }
    }
    return new ProbeInput(
        "tls-phone-home", true, 45_000, 443, toArray(dirs), payloads.toArray(new byte[0][]));
  }

  /** The first RTP datagrams of a camera's main stream (H.264, camera port 6970). */
  public static ProbeInput rtp() {
    byte[] pool = new byte[1 << 20];
    new SplittableRandom(3L).nextBytes(pool);
    RtpStream s =
        new RtpStream(
            Host.of("cam-00001", "10.20.1.1"),
            6970,
            Host.of("vms-1", "10.20.0.10"),
            20_000,
            VideoProfile.MAIN_STREAM,
            1_000_000_000L,
            60_000_000_000L,
            5L,
            pool);
    PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    DecodedPacket p = new DecodedPacket();
    byte[] buf = new byte[Frames.MAX_FRAME];
    List<byte[]> payloads = new ArrayList<>();
    while (payloads.size() < 8) {
      int len = s.next(buf);
      if (decoder.decode(LinkType.ETHERNET, 0, buf, 0, len, len, p)
          && p.srcPort == 6970
          && p.dstPort == 20_000) {
        payloads.add(Arrays.copyOfRange(p.payload, p.payloadOff, p.payloadOff + p.payloadLen));
      }
    }
    boolean[] dirs = new boolean[payloads.size()];
    Arrays.fill(dirs, true);
    return new ProbeInput(
        "rtp-main-stream", false, 6970, 20_000, dirs, payloads.toArray(new byte[0][]));
  }

  private static boolean[] toArray(List<Boolean> list) {
    boolean[] a = new boolean[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }

  private static byte[] unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.write(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> out.write(n);
      }
    }
    return out.toByteArray();
  }
}
