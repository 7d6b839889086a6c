package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names learnt from DNS: the camera (127.0.0.10) asks dnsmasq for {@code update.vendor.example}
 * with {@code dig} (UDP, then TCP) and gets 127.0.0.2, then fetches {@code http://127.0.0.2:PORT/}
 * with curl, by address only. With a site that knows the vendor only by its domain, replay must
 * name the server from the DNS answer, flag the session as the vendor's, and judge it {@code
 * no_window}; the queries to the city's resolver, an allowed service, are not judged (golden {@code
 * dns.golden}).
 */
@Tag("system")
class DnsE2eTest {
  private static final String DNSMASQ = "/usr/sbin/dnsmasq";
  private static final String DIG = "/usr/bin/dig";
  private static final String CURL = "/usr/bin/curl";

  @TempDir Path dir;

  @Test
  void aNameFromDnsMakesAnAddressTheVendors() throws Exception {
    Golden golden = new Golden();
    ReplayRun run = captureAndReplay(golden);
    golden.assertMatches("dns.golden", run);
  }

  /** The notice's message says who opened the connection: here the camera called the vendor. */
  @Test
  void theNoticeSaysTheCameraReachedTheVendor() throws Exception {
    ReplayRun run = captureAndReplay(new Golden());
    assertEquals(1, run.notices().size(), run.notices()::toString);
    String msg = run.notices().get(0).path("msg").asText();
    assertTrue(msg.startsWith("cam-e2e (127.0.0.10) "), msg);
  }

  private ReplayRun captureAndReplay(Golden golden) throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool(DNSMASQ, "dnsmasq-base");
    Procs.assumeTool(DIG, "bind9-dnsutils");
    Procs.assumeTool(CURL, "curl");
    ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigie-e2e-http"));
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 8);
    http.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody();
              OutputStream out = ex.getResponseBody()) {
            in.readAllBytes();
            byte[] answer = "firmware 5.7.3 available\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, answer.length);
            out.write(answer);
          }
        });
    http.setExecutor(exec);
    http.start();
    try (Procs procs = new Procs(dir)) {
      int httpPort = http.getAddress().getPort();
      int dnsPort = Procs.freeUdpPort();
      Process dnsmasq =
          procs.start(
              "dnsmasq",
              List.of(
                  DNSMASQ,
                  "--no-daemon",
                  "--conf-file=/dev/null",
                  "--port=" + dnsPort,
                  "--listen-address=127.0.0.1",
                  "--bind-interfaces",
                  "--no-resolv",
                  "--no-hosts",
                  "--pid-file=",
                  "--address=/update.vendor.example/127.0.0.2"));
      procs.awaitListening("udp", "127.0.0.1", dnsPort, dnsmasq, "dnsmasq");
      procs.awaitListening("tcp", "127.0.0.1", dnsPort, dnsmasq, "dnsmasq");
      Path site = dir.resolve("site.yaml");
      Files.writeString(
          site,
          resource("dns-site.yaml.template").replace("${DNS_PORT}", Integer.toString(dnsPort)));

      Tcpdump cap =
          Tcpdump.start(
              procs, "port " + dnsPort + " or tcp port " + httpPort, dir.resolve("dns.pcap"));
      List<String> dig =
          List.of(
              DIG,
              "-b",
              "127.0.0.10",
              "@127.0.0.1",
              "-p",
              Integer.toString(dnsPort),
              "+tries=1",
              "+time=5",
              "+short",
              "update.vendor.example",
              "A");
      assertEquals("127.0.0.2", procs.run("dig-udp", dig).strip());
      List<String> digTcp = new ArrayList<>(dig);
      digTcp.add("+tcp");
      assertEquals("127.0.0.2", procs.run("dig-tcp", digTcp).strip());
      procs.run(
          "curl",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "--interface",
              "127.0.0.10",
              "http://127.0.0.2:" + httpPort + "/check?model=cam"));
      Path pcap = cap.stop();

      golden
          .port(dnsPort, "$DNS_PORT")
          .port(httpPort, "$HTTP_PORT")
          .value("127.0.0.2:" + httpPort, "127.0.0.2:$HTTP_PORT")
          .pattern("^curl/.*", "curl/$CURL_VERSION")
          .ignorePort(cap.markerPort());
      return ReplayRun.of("--config", site.toString(), pcap.toString());
    } finally {
      http.stop(0);
      exec.shutdownNow();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DnsE2eTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
