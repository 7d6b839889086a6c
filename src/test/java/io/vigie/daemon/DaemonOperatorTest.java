package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator of the daemon reads: the address it cannot bind, a damaged capture file in the
 * log and on /healthz, each notice as a key=value log line, and a finished file capture as done.
 * Real sockets on loopback, a real capture file, a real evidence store.
 */
class DaemonOperatorTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final KeyValueFormatter format = new KeyValueFormatter();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logs.add(format.format(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @TempDir Path dir;

  @BeforeEach
  void listen() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    Logger.getLogger("").removeHandler(capture);
  }

  /** Ethernet + IPv4 + UDP from a camera (10.20.1.1) to an address outside the video network. */
  private static byte[] cameraToOutside() {
    byte[] payload = {1, 2, 3, 4};
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putInt(0);
    b.put((byte) 64).put((byte) 17).putShort((short) 0);
    b.put(new byte[] {10, 20, 1, 1}).put(new byte[] {(byte) 198, 51, 100, 7});
    b.putShort((short) 40000).putShort((short) 9999).putShort((short) (8 + payload.length));
    b.putShort((short) 0).put(payload);
    return b.array();
  }

  /** A capture of one packet, then a record header claiming 2 GB: damaged at that offset. */
  private Path damagedCapture() throws IOException {
    Path p = dir.resolve("cut.pcap");
    try (OutputStream os = Files.newOutputStream(p);
        PcapWriter w = new PcapWriter(os, LinkType.ETHERNET, 65535)) {
      byte[] f = cameraToOutside();
      w.write(1_795_165_290_000_000_000L, f, 0, f.length, f.length);
    }
    ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    rec.putInt(1).putInt(0).putInt(0x7fff0000).putInt(0x7fff0000);
    Files.write(p, rec.array(), StandardOpenOption.APPEND);
    return p;
  }

  private Path site(Path pcap, String metrics, String api) throws IOException {
    Path f = dir.resolve("site.yaml");
    Files.writeString(
        f,
        """
        site: { name: test }
        networks:
          - { name: cameras, cidr: 10.20.0.0/16 }
        devices:
          - { name: cam-001, address: 10.20.1.1, role: camera }
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "%s" }
        api: { listen: "%s" }
        """
            .formatted(pcap, metrics, api));
    return f;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPortInUseIsNamedWithItsAddressAndKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String addr = "127.0.0.1:" + taken.getLocalPort();
      Path cfg = site(damagedCapture(), addr, "127.0.0.1:0");
      Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
      try {
        IOException e = assertThrows(IOException.class, d::start);
        assertTrue(e.getMessage().contains("metrics.listen " + addr), e.getMessage());
      } finally {
        d.close();
      }
      Path cfg2 = site(damagedCapture(), "127.0.0.1:" + freePort(), addr);
      Daemon d2 = new Daemon(cfg2, YamlLoader.load(cfg2, SiteConfig.class), Clock.systemUTC());
      try {
        IOException e = assertThrows(IOException.class, d2::start);
        assertTrue(e.getMessage().contains("api.listen " + addr), e.getMessage());
      } finally {
        d2.close();
      }
    }
  }

  @Test
  void aDamagedFileIsLoggedAndDegradesHealthNoticesAreLoggedAndTheFileIsDone() throws Exception {
    Path pcap = damagedCapture();
    long goodSize = Files.size(pcap) - 16;
    Path cfg = site(pcap, "127.0.0.1:" + freePort(), "127.0.0.1:0");
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertTrue(d.awaitCaptureFinished(Duration.ofSeconds(30)), "the file was read to its end");
      String base = "http://127.0.0.1:" + d.metricsAddress().getPort();

      HttpResponse<String> h = get(base + "/healthz");
      assertEquals(503, h.statusCode(), h.body());
      assertTrue(
          h.body().contains("\"damaged\":") && h.body().contains("offset " + goodSize), h.body());
      assertTrue(h.body().contains("\"state\":\"done\""), h.body());
      assertTrue(
          logs.stream()
              .anyMatch(
                  l ->
                      l.contains("event=capture_damaged source=cut.pcap")
                          && l.contains("offset " + goodSize)),
          String.join("", logs));

      // The camera's traffic to an unknown outside address raised notices: one line each.
      List<String> notices = logs.stream().filter(l -> l.contains("event=notice ")).toList();
      assertTrue(
          notices.stream()
              .anyMatch(
                  l ->
                      l.contains("type=new_external_endpoint")
                          && l.contains("severity=")
                          && l.contains("camera=")
                          && l.matches("(?s).* msg=\"[^\"]*cam-001[^\"]*\"\\s*")),
          String.join("", logs));
      assertTrue(
          notices.stream().allMatch(l -> l.indexOf('\n') == l.length() - 1), "one line each");

      // A finished file capture is done, not down.
      String metrics = get(base + "/metrics").body();
      assertEquals(
          1.0,
          DaemonTest.sample(metrics, "vigie_capture_up\\{interface=\"cut.pcap\",\\}"),
          metrics);
      assertEquals(
          1.0,
          DaemonTest.sample(
              metrics, "vigie_capture_state\\{interface=\"cut.pcap\",state=\"done\",\\}"),
          metrics);
      assertEquals(
          0.0,
          DaemonTest.sample(
              metrics, "vigie_capture_state\\{interface=\"cut.pcap\",state=\"stopped\",\\}"),
          metrics);
    } finally {
      d.close();
    }
  }
}
