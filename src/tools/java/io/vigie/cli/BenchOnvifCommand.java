package io.vigie.cli;

import io.vigie.config.OnvifConfig;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import io.vigie.firmware.sim.VendorSimCamera;
import io.vigie.firmware.sim.VendorSimCameras;
import io.vigie.firmware.sim.VendorSimulator;
import io.vigie.firmware.vendor.Drivers;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench onvif --cameras 300}: one full poll of simulated cameras on loopback (real
 * HTTP, Digest and UsernameToken checked), and the time it took. With {@code --drivers mixed} (the
 * default) the cameras take the four drivers in turn (onvif, isapi, vapix, dahua), as a city with
 * several vendors would; issue 14's target is one full poll of 300 such cameras under 10 s.
 */
@Command(
    name = "onvif",
    footer = {"", "Example:", "  vigie bench onvif --cameras 200 --concurrency 16"},
    mixinStandardHelpOptions = true,
    description = "Time one full poll of simulated cameras (ONVIF or mixed drivers) on loopback.")
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

  @Option(
      names = "--drivers",
      defaultValue = "mixed",
      description =
          "onvif (every camera over ONVIF) or mixed (onvif, isapi, vapix, dahua in turn; default"
              + " ${DEFAULT-VALUE}).")
  String drivers;

  /** The target of issue 14 for one full poll of 300 cameras with mixed drivers. */
  static final double TARGET_SECONDS = 10.0;

  static final List<String> MIXED = List.of("onvif", "isapi", "vapix", "dahua");

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!"onvif".equals(drivers) && !"mixed".equals(drivers)) {
      throw new UserException("--drivers must be onvif or mixed, was " + drivers);
    }
    List<String> apis = "mixed".equals(drivers) ? MIXED : List.of("onvif");
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
        VendorSimulator vendor = VendorSimulator.start(Math.max(4, concurrency));
        FleetPoller fleet =
            Drivers.fleet(
                cfg,
                Clock.systemUTC(),
                PrivacyClassifier.withDefaults(List.of()),
                CameraMetrics.NONE)) {
      List<CameraTarget> targets = new ArrayList<>();
      Map<String, String> apiOf = new LinkedHashMap<>();
      for (int i = 1; i <= cameras; i++) {
        String name = String.format("cam-%03d", i);
        String api = apis.get((i - 1) % apis.size());
        String password = "pw-" + name;
        String serial = "SN" + i;
        URI url =
            switch (api) {
              case "onvif" -> {
                sim.set(name, SimCamera.ordinary(password, serial));
                yield sim.deviceUrl(name);
              }
              default -> {
                vendor.set(name, vendorCamera(api, serial, password));
                yield vendor.baseUrl(name);
              }
            };
        Path pw = dir.resolve(name);
        Files.writeString(pw, password + "\n");
        targets.add(
            new CameraTarget(
                name, url, "vigie-audit", pw, List.of(new CameraTarget.Endpoint(api, url))));
        apiOf.put(name, api);
      }
      long start = System.nanoTime();
      List<CameraPoll> polls = fleet.pollAll(targets);
      long nanos = System.nanoTime() - start;
      long errors = polls.stream().filter(p -> !p.reachable()).count();
      // Per driver: cameras polled without error out of cameras given to it.
      Map<String, int[]> perDriver = new LinkedHashMap<>();
      apis.forEach(a -> perDriver.put(a, new int[2]));
      for (CameraPoll p : polls) {
        int[] c = perDriver.get(apiOf.get(p.camera()));
        c[1]++;
        if (p.reachable()) {
          c[0]++;
        }
      }
      StringBuilder split = new StringBuilder();
      perDriver.forEach(
          (a, c) ->
              split.append(split.length() == 0 ? "" : ", ").append(a + " " + c[0] + "/" + c[1]));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%s: %d cameras polled in %.0f ms (%.1f ms per camera, concurrency %d, %d HTTP requests, %d errors)%n",
          drivers,
          cameras,
          nanos / 1e6,
          nanos / 1e6 / cameras,
          concurrency,
          sim.requests() + vendor.requests(),
          errors);
      out.println("drivers (polled/cameras): " + split);
      out.printf(
          "one full poll: %.2f s, %s the %.0f s target%n",
          nanos / 1e9, nanos / 1e9 < TARGET_SECONDS ? "under" : "NOT under", TARGET_SECONDS);
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

  private static VendorSimCamera vendorCamera(String api, String serial, String password) {
    return switch (api) {
      case "isapi" -> VendorSimCameras.hikvisionStandalone(serial, "vigie-audit", password);
      case "vapix" -> VendorSimCameras.axisStandalone(serial, "vigie-audit", password);
      case "dahua" -> VendorSimCameras.dahuaStandalone(serial, "vigie-audit", password);
      default -> throw new IllegalArgumentException(api);
    };
  }
}
