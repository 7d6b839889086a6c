package io.vigie.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.capture.CaptureException;
import io.vigie.capture.PcapFileSource;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures: tcpdump (classic pcap, micro- and nanosecond) or dumpcap through tshark (pcapng)
 * record UDP and TCP the test sends over 127.0.0.1; the reader and decoder must then see what
 * tshark sees, frame by frame.
 */
@Tag("system")
class LoopbackCaptureTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"tcpdump-usec", "tcpdump-nsec", "tshark-pcapng"})
  void readerAndDecoderAgreeWithTsharkOnARealCapture(String how) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "capturing on lo needs root");
    String tool = how.startsWith("tcpdump") ? "/usr/bin/tcpdump" : "/usr/bin/tshark";
    assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        ServerSocket tcp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      int up = udp.getLocalPort();
      int tp = tcp.getLocalPort();
      String filter = "host 127.0.0.1 and (udp port " + up + " or tcp port " + tp + ")";
      Path file = dir.resolve(how.equals("tshark-pcapng") ? "lo.pcapng" : "lo.pcap");
      List<String> cmd =
          new ArrayList<>(
              switch (how) {
                case "tcpdump-usec" ->
                    List.of(
                        tool, "-i", "lo", "-n", "-U", "--immediate-mode", "-w", file.toString());
                case "tcpdump-nsec" ->
                    List.of(
                        tool,
                        "-i",
                        "lo",
                        "-n",
                        "-U",
                        "--immediate-mode",
                        "--time-stamp-precision=nano",
                        "-w",
                        file.toString());
                default -> List.of(tool, "-i", "lo", "-n", "-F", "pcapng", "-w", file.toString());
              });
      cmd.add(filter);
      Process cap = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try {
        BufferedReader log =
            new BufferedReader(new InputStreamReader(cap.getInputStream(), StandardCharsets.UTF_8));
        // tcpdump says "listening on" once armed; tshark says "Capture started" (after "Capturing
        // on").
        String line;
        while ((line = log.readLine()) != null
            && !line.contains("listening on")
            && !line.contains("Capture started")) {
          // wait for the tool to arm the capture
        }
        assumeTrue(line != null, how + " did not start capturing");
        CompletableFuture.runAsync(
            () -> { // keep draining the tool's output
              try {
                log.transferTo(java.io.Writer.nullWriter());
              } catch (java.io.IOException e) {
                // the tool ended
              }
            });
        long t0 = System.currentTimeMillis();
        int datagrams = 4;
        try (DatagramSocket sender = new DatagramSocket()) {
          for (int i = 0; i < datagrams; i++) {
            byte[] m = ("datagram-" + i).getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(m, m.length, InetAddress.getLoopbackAddress(), up));
          }
        }
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), tp);
            Socket s = tcp.accept()) {
          OutputStream o = c.getOutputStream();
          o.write("hello over tcp".getBytes(StandardCharsets.US_ASCII));
          o.flush();
          InputStream in = s.getInputStream();
          assertEquals(14, in.readNBytes(14).length);
          s.getOutputStream().write('!');
          assertEquals('!', c.getInputStream().read());
        }
        // Wait until the file holds the closing handshake, read with the reader under test.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (countFins(file) < 2 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(50); // polling the file with a deadline
        }
        long t1 = System.currentTimeMillis();
        cap.destroy();
        assertTrue(cap.waitFor(10, TimeUnit.SECONDS), how + " did not stop");

        Map<Integer, String> expected = TsharkCrossCheckTest.tshark(file);
        Map<Integer, String> ours = TsharkCrossCheckTest.ours(file);
        assertEquals(expected, ours);
        long udpFrames = ours.values().stream().filter(v -> v.endsWith(" 17")).count();
        assertEquals(datagrams, udpFrames, ours.toString());
        assertTrue(
            ours.values().stream().filter(v -> v.endsWith(" 6")).count() >= 8, ours.toString());

        // Time stamps fall inside the test's own window (ms resolution of the wall clock).
        long[] tsRange = {Long.MAX_VALUE, Long.MIN_VALUE};
        boolean[] subMicro = {false};
        try (PcapFileSource src = PcapFileSource.open(file)) {
          while (src.dispatch(
                  (l, ts, b, off, c, w) -> {
                    tsRange[0] = Math.min(tsRange[0], ts);
                    tsRange[1] = Math.max(tsRange[1], ts);
                    subMicro[0] |= ts % 1000 != 0;
                  },
                  100)
              >= 0) {
            // read on
          }
          assertTrue(src.damage().isEmpty(), () -> src.damage().get());
        }
        assertTrue(
            tsRange[0] / 1_000_000 >= t0 - 1 && tsRange[1] / 1_000_000 <= t1 + 1,
            tsRange[0] + ".." + tsRange[1] + " outside " + t0 + ".." + t1);
        if (how.equals("tcpdump-usec")) {
          assertTrue(!subMicro[0], "microsecond file yields whole microseconds");
        }
      } finally {
        cap.destroyForcibly();
      }
    }
  }

  private static int countFins(Path file) throws InterruptedException {
    if (!Files.exists(file)) {
      return 0;
    }
    int[] fins = {0};
    DecodedPacket pkt = new DecodedPacket();
    PacketDecoder d = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    try (PcapFileSource src = PcapFileSource.open(file)) {
      while (src.dispatch(
              (l, ts, b, off, c, w) -> {
                if (d.decode(l, ts, b, off, c, w, pkt)
                    && pkt.isTcp()
                    && (pkt.tcpFlags & DecodedPacket.TCP_FIN) != 0) {
                  fins[0]++;
                }
              },
              100)
          >= 0) {
        // read on
      }
    } catch (CaptureException e) {
      return 0; // header not written yet
    }
    return fins[0];
  }
}
