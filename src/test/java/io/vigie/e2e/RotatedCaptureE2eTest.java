package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture rotated by tcpdump ({@code -C 1}: a new file every million bytes) while curl uploads a
 * 2.5 MB firmware image: {@code vigie replay FILE FILE1 FILE2...} reads the files as one capture,
 * so the upload is one session whose sha256 is {@code sha256sum}'s (golden {@code rotated.golden}).
 */
@Tag("system")
class RotatedCaptureE2eTest {
  private static final String CURL = "/usr/bin/curl";

  @TempDir Path dir;

  @Test
  void anUploadSpreadOverRotatedFilesIsOneSession() throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool(CURL, "curl");
    ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigie-e2e-http"));
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    http.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            ex.sendResponseHeaders(204, -1);
          } finally {
            ex.close();
          }
        });
    http.setExecutor(exec);
    http.start();
    try (Procs procs = new Procs(dir)) {
      int port = http.getAddress().getPort();
      Path fw = dir.resolve("firmware.bin");
      byte[] image = new byte[2_500_000];
      new Random(13).nextBytes(image);
      Files.write(fw, image);

      Tcpdump cap = Tcpdump.startRotating(procs, "tcp port " + port, dir.resolve("rot.pcap"), 1);
      procs.run(
          "curl-post",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "--data-binary",
              "@" + fw,
              "-H",
              "Content-Type: application/octet-stream",
              "http://127.0.0.1:" + port + "/upgrade/firmware"));
      cap.stop();
      List<Path> files = cap.files();
      assertTrue(files.size() >= 3, "tcpdump rotated the capture: " + files);

      List<String> args = new ArrayList<>();
      files.forEach(f -> args.add(f.toString()));
      ReplayRun run = ReplayRun.of(args.toArray(String[]::new));
      assertEquals(files.size(), run.stats().path("files").size(), run.stats()::toString);
      new Golden()
          .port(port, "$HTTP_PORT")
          .value("127.0.0.1:" + port, "127.0.0.1:$HTTP_PORT")
          .value(procs.sha256sum(fw), "$FIRMWARE_SHA256")
          .pattern("^curl/.*", "curl/$CURL_VERSION")
          .ignorePort(cap.markerPort())
          .assertMatches("rotated.golden", run);
    } finally {
      http.stop(0);
      exec.shutdownNow();
    }
  }
}
