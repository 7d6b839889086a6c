package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigie.demo.DemoCapture;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -HUP} (what {@code systemctl reload} sends) reloads a real {@code vigie run} process,
 * whole or not at all, instead of stopping the JVM as SIGHUP would by default.
 */
class HangupSignalTest {
  private static final long DEADLINE_MS = 30_000;

  @TempDir Path dir;

  @Test
  void sighupReloadsAGoodSiteFileRefusesABadOneAndTheDaemonKeepsRunning() throws Exception {
    Path pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String site =
        """
        networks: [ { name: cameras, cidr: 10.20.1.0/24 } ]
        devices: [ { name: cam-01, address: 10.20.1.1, role: camera } ]
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        """
            .formatted(pcap, port);
    Path cfg = dir.resolve("site.yaml");
    Files.writeString(cfg, site);
    Path log = dir.resolve("daemon.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.vigie.Main",
                    "run",
                    "--config",
                    cfg.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await(log, "event=ready ");
      Files.writeString(
          cfg,
          site.replace(
              "role: camera } ]", "role: camera }, { name: cam-02, address: 10.20.1.2 } ]"));
      hangup(p);
      await(log, "event=config_reloaded");
      assertTrue(Files.readString(log).contains("signal=HUP"), Files.readString(log));

      Files.writeString(cfg, site.replace("devices:", "devicez:"));
      hangup(p);
      await(log, "event=config_reload_refused");
      assertTrue(
          p.isAlive(), "a refused reload keeps the daemon running:\n" + Files.readString(log));

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
      assertEquals(0, p.exitValue(), Files.readString(log));
    } finally {
      p.destroyForcibly();
    }
  }

  private static void hangup(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }

  private static void await(Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!Files.readString(log).contains(line)) {
      if (System.nanoTime() > deadline) {
        fail(
            "no '"
                + line
                + "' in the daemon's log within "
                + DEADLINE_MS
                + " ms:\n"
                + Files.readString(log));
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling, bounded by the deadline
    }
  }
}
