package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors of {@code vigie gate}: one line, exit 2, no stack trace. */
class GateCommandTest {
  @TempDir Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void needsItsOptionsAndAGateSection() throws Exception {
    String[] r = run("gate");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--config"), r[2]);
    Path site = dir.resolve("site.yaml");
    Files.writeString(site, "site: { name: test }\n");
    r =
        run(
            "gate",
            "--config",
            site.toString(),
            "--windows-journal",
            dir.resolve("w.jsonl").toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no 'gate' section"), r[2]);
    assertTrue(!r[2].contains("\tat "), "no stack trace");
  }

  @Test
  void connectReportsARefusal() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "t\n");
    try (java.net.ServerSocket fake =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (java.net.Socket s = fake.accept()) {
                  s.getOutputStream()
                      .write(
                          "VIGIE1 REFUSED no_window\n"
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                  // the test fails on the assertion below
                }
              },
              "vigie-test-fake-gate");
      t.start();
      String[] r =
          run(
              "gate",
              "connect",
              "--url",
              "127.0.0.1:" + fake.getLocalPort(),
              "--token-file",
              token.toString(),
              "--target",
              "cam-001");
      t.join(5000);
      assertEquals("2", r[0]);
      assertTrue(r[2].contains("the gate refused the connection: no_window"), r[2]);
    }
  }
}
