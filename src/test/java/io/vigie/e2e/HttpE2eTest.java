package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl against real servers on 127.0.0.1: a GET and firmware uploads to the JDK's HTTP server
 * ({@code POST --data-binary @firmware.bin}, the same as a multipart form ({@code -F}), with a
 * chunked body, and as a {@code PUT}), and an HTTPS GET to {@code openssl s_server} under the
 * vendor's update name, then again in TLS 1.2 under another name. Replay must report the method,
 * host, URI, content type and user agent curl sent, each uploaded file's sha256 equal to {@code
 * sha256sum}'s and its size, and the TLS sessions with the SNI curl sent, the version and the ALPN
 * offer (golden {@code http.golden}).
 */
@Tag("system")
class HttpE2eTest {
  private static final String CURL = "/usr/bin/curl";
  private static final String OPENSSL = "/usr/bin/openssl";

  @TempDir Path dir;

  @Test
  void curlRequestsAFirmwareUploadAndHttpsToTheVendorName() throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool(CURL, "curl");
    Procs.assumeTool(OPENSSL, "openssl");
    ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigie-e2e-http"));
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    List<byte[]> received = new CopyOnWriteArrayList<>();
    http.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody();
              OutputStream out = ex.getResponseBody()) {
            byte[] body = in.readAllBytes();
            if (body.length > 0) {
              received.add(body);
            }
            byte[] answer =
                ("ok " + ex.getRequestMethod() + " " + ex.getRequestURI() + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, answer.length);
            out.write(answer);
          }
        });
    http.setExecutor(exec);
    http.start();
    try (Procs procs = new Procs(dir)) {
      int httpPort = http.getAddress().getPort();
      int tlsPort = Procs.freeTcpPort();
      procs.run(
          "openssl-req",
          List.of(
              OPENSSL,
              "req",
              "-x509",
              "-newkey",
              "ec",
              "-pkeyopt",
              "ec_paramgen_curve:prime256v1",
              "-nodes",
              "-days",
              "1",
              "-subj",
              "/CN=update.vendor.example",
              "-keyout",
              dir.resolve("key.pem").toString(),
              "-out",
              dir.resolve("cert.pem").toString()));
      Process tls =
          procs.start(
              "s_server",
              List.of(
                  OPENSSL,
                  "s_server",
                  "-accept",
                  "127.0.0.1:" + tlsPort,
                  "-cert",
                  dir.resolve("cert.pem").toString(),
                  "-key",
                  dir.resolve("key.pem").toString(),
                  "-www",
                  "-naccept",
                  "2"));
      procs.awaitListening("tcp", "127.0.0.1", tlsPort, tls, "s_server");
      Path fw = dir.resolve("firmware.bin");
      byte[] image = new byte[200 * 1024];
      new Random(11).nextBytes(image);
      Files.write(fw, image);

      Tcpdump cap =
          Tcpdump.start(
              procs, "tcp port " + httpPort + " or tcp port " + tlsPort, dir.resolve("http.pcap"));
      String base = "http://127.0.0.1:" + httpPort;
      procs.run(
          "curl-get", List.of(CURL, "-sS", "--max-time", "10", base + "/status?camera=cam-001"));
      procs.run(
          "curl-post",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "-X",
              "POST",
              "--data-binary",
              "@" + fw,
              "-H",
              "Content-Type: application/octet-stream",
              base + "/upgrade/firmware"));
      procs.run(
          "curl-multipart",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "-F",
              "image=@" + fw + ";type=application/octet-stream",
              base + "/upgrade/form"));
      procs.run(
          "curl-chunked",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "-H",
              "Transfer-Encoding: chunked",
              "--data-binary",
              "@" + fw,
              "-H",
              "Content-Type: application/octet-stream",
              base + "/upgrade/chunked"));
      procs.run(
          "curl-put",
          List.of(
              CURL, "-sS", "--max-time", "10", "-T", fw.toString(), base + "/images/firmware.bin"));
      // From 127.0.0.2, so that the name the SNI teaches for the server is not also the client's.
      procs.run(
          "curl-https",
          List.of(
              CURL,
              "-sS",
              "-k",
              "--max-time",
              "10",
              "--interface",
              "127.0.0.2",
              "--resolve",
              "update.vendor.example:" + tlsPort + ":127.0.0.1",
              "https://update.vendor.example:" + tlsPort + "/"));
      // TLS 1.2, where the version is the ServerHello's own (no supported_versions extension).
      procs.run(
          "curl-https12",
          List.of(
              CURL,
              "-sS",
              "-k",
              "--max-time",
              "10",
              "--interface",
              "127.0.0.3",
              "--tls-max",
              "1.2",
              "--http1.1",
              "--resolve",
              "legacy.vendor.example:" + tlsPort + ":127.0.0.1",
              "https://legacy.vendor.example:" + tlsPort + "/"));
      Path pcap = cap.stop();
      String sha = procs.sha256sum(fw);
      // The plain POST, the chunked POST (decoded by the server) and the PUT carry the file as is.
      assertEquals(4, received.size(), "four requests with a body");
      for (int i : new int[] {0, 2, 3}) {
        assertEquals(
            sha,
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(received.get(i))),
            "the server received the firmware whole, request " + i);
      }

      String curlVersion = procs.run("curl-V", List.of(CURL, "-V")).split("\\s+")[1];
      new Golden()
          .port(httpPort, "$HTTP_PORT")
          .port(tlsPort, "$TLS_PORT")
          .value("127.0.0.1:" + httpPort, "127.0.0.1:$HTTP_PORT")
          .value("curl/" + curlVersion, "curl/$CURL_VERSION")
          .value(sha, "$FIRMWARE_SHA256")
          .pattern("boundary=-+[0-9a-f]+", "boundary=$CURL_BOUNDARY")
          .ignorePort(cap.markerPort())
          .assertMatches("http.golden", ReplayRun.of(pcap.toString()));
    } finally {
      http.stop(0);
      exec.shutdownNow();
    }
  }
}
