package io.vigie.cli;

import io.vigie.config.OnvifConfig;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench onvif --cameras 300}: one full poll of simulated cameras on loopback (real
 * HTTP, Digest and UsernameToken checked), and the time it took.
 */
@Command(
    name = "onvif",
    footer = {"", "Example:", "  vigie bench onvif --cameras 200 --concurrency 16"},
    mixinStandardHelpOptions = true,
    description = "Time one full ONVIF poll of simulated cameras on loopback.")
public final class BenchOnvifCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--cameras",
      defaultValue = "300",
      description = "Simulated cameras (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      description = "Cameras polled at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--timeout-ms",
      defaultValue = "5000",
      description = "Per-request deadline (default ${DEFAULT-VALUE}).")
  int timeoutMs;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (cameras < 1 || cameras > 10_000) {
      throw new UserException("--cameras must be in 1..10000, was " + cameras);
    }
    OnvifConfig cfg;
    try {
      cfg = new OnvifConfig(null, timeoutMs, concurrency, null);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    Path dir = Files.createTempDirectory("vigie-bench-onvif");
    try (OnvifSimulator sim = OnvifSimulator.start(Math.max(4, concurrency));
        FleetPoller fleet =
            FleetPoller.create(
                cfg,
                Clock.systemUTC(),
                PrivacyClassifier.withDefaults(List.of()),
                CameraMetrics.NONE)) {
      List<CameraTarget> targets = new ArrayList<>();
      for (int i = 1; i <= cameras; i++) {
        String name = String.format("cam-%03d", i);
        String password = "pw-" + name;
        sim.set(name, SimCamera.ordinary(password, "SN" + i));
        Path pw = dir.resolve(name);
        Files.writeString(pw, password + "\n");
        targets.add(new CameraTarget(name, sim.deviceUrl(name), "vigie-audit", pw));
      }
      long start = System.nanoTime();
      List<CameraPoll> polls = fleet.pollAll(targets);
      long nanos = System.nanoTime() - start;
      long errors = polls.stream().filter(p -> !p.reachable()).count();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "onvif: %d cameras polled in %.0f ms (%.1f ms per camera, concurrency %d, %d HTTP requests, %d errors)%n",
          cameras, nanos / 1e6, nanos / 1e6 / cameras, concurrency, sim.requests(), errors);
      polls.stream()
          .filter(p -> !p.reachable())
          .limit(5)
          .forEach(
              p ->
                  out.printf(
                      "  %s: %s: %s%n",
                      p.camera(), p.error().type().wireName(), p.error().detail()));
      return errors == 0 ? ExitCodes.OK : ExitCodes.FINDING;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
