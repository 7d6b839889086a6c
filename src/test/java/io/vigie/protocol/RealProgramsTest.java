package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vigie.net.App;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients and servers on loopback (OpenSSH, curl against the JDK HTTP server), their bytes
 * recorded by a relay and fed to the engine on ports that are not their usual ones.
 */
@Tag("system")
class RealProgramsTest {
  static boolean present(String path) {
    return Files.isExecutable(Path.of(path));
  }

  static String run(long timeoutSeconds, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void opensshClientAndServerAreSsh(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        present("/usr/sbin/sshd") && present("/usr/bin/ssh"),
        "OpenSSH client/server not installed");
    Path key = tmp.resolve("host_ed25519");
    run(30, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
    Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
    int port = freePort();
    Process sshd =
        new ProcessBuilder(
                "/usr/sbin/sshd",
                "-D",
                "-e",
                "-f",
                "/dev/null",
                "-o",
                "ListenAddress=127.0.0.1",
                "-o",
                "Port=" + port,
                "-o",
                "PidFile=none",
                "-h",
                key.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sshd.log").toFile())
            .start();
    try {
      long deadline = System.currentTimeMillis() + 10_000;
      boolean up = false;
      while (!up && System.currentTimeMillis() < deadline) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          up = s.isConnected();
        } catch (IOException e) {
          Thread.onSpinWait();
        }
      }
      Assumptions.assumeTrue(
          up, "sshd did not start: " + Files.readString(tmp.resolve("sshd.log")));
      try (Relay relay = new Relay(port)) {
        run(
            30,
            "ssh",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "ConnectTimeout=10",
            "-p",
            Integer.toString(relay.port()),
            "nobody@127.0.0.1",
            "true");
        TestFlow flow = relay.replay(new Feeder(), 8080);
        assertEquals(App.SSH, flow.app());
        assertTrue(flow.attrs().sshClient.startsWith("SSH-2.0-OpenSSH_"), flow.attrs().sshClient);
        assertTrue(flow.attrs().sshServer.startsWith("SSH-2.0-OpenSSH_"), flow.attrs().sshServer);
      }
    } finally {
      sshd.destroy();
      sshd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCurlMultipartUploadIsHashedLikeSha256sum(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(present("/usr/bin/curl"), "curl not installed");
    byte[] fw = new byte[700_000];
    new Random(9).nextBytes(fw);
    Path file = tmp.resolve("firmware.bin");
    Files.write(file, fw);
    String expected = run(30, "sha256sum", file.toString()).substring(0, 64);

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try (Relay relay = new Relay(server.getAddress().getPort())) {
      run(
          60,
          "curl",
          "-s",
          "-o",
          "/dev/null",
          "-F",
          "fw=@" + file + ";type=application/octet-stream",
          "-F",
          "note=spring update",
          "http://127.0.0.1:" + relay.port() + "/onvif/upload");
      TestFlow flow = relay.replay(new Feeder(), 2222);
      assertEquals(App.HTTP, flow.app());
      assertEquals("POST", flow.attrs().httpMethod);
      assertEquals("/onvif/upload", flow.attrs().httpUri);
      assertTrue(flow.attrs().httpUserAgent.startsWith("curl/"), flow.attrs().httpUserAgent);
      assertEquals(expected, flow.attrs().fileSha256);
      assertEquals(fw.length, flow.attrs().fileSize);
      assertTrue(flow.attrs().fileUpload);
    } finally {
      server.stop(0);
    }
  }
}
