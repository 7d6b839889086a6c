package io.vigie.cli;

import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second part of {@code vigie demo}: two simulated ONVIF cameras on 127.0.0.1 (ephemeral port),
 * polled and certified as a baseline with {@code vigie cameras certify}, then a face-recognition
 * module installed on one camera without touching its firmware, seen by {@code vigie cameras poll}.
 * The commands run in-process with the demo's streams, so what is shown is what they print.
 */
final class DemoOnvif {
  static final String CHANGED = "sim-cam-02";
  static final List<String> CAMERAS = List.of("sim-cam-01", CHANGED);

  /** The vendor namespace is made up: the classifier reads the type's name, not who defines it. */
  static final SimCamera.Item FACE_MATCH =
      new SimCamera.Item(
          "AcmeFaceMatch",
          "acme",
          "http://www.acme-vision.example/onvif/analytics",
          "FaceRecognitionEngine",
          Map.of("MatchThreshold", "80"));

  private DemoOnvif() {}

  /**
   * @return 0 when every step ran (the last poll's findings are the point, not a failure)
   */
  static int run(Path out, PrintWriter w, PrintWriter err) {
    Path site = out.resolve("onvif-site.yaml");
    Path baseline = out.resolve("baseline.json");
    try (OnvifSimulator sim = OnvifSimulator.start(2)) {
      writeSite(sim, out, site);
      w.println();
      w.println("ONVIF: two simulated cameras on 127.0.0.1 (" + String.join(", ", CAMERAS) + ")");
      int code = step(w, err, "certify", "--config", site.toString(), "--out", baseline.toString());
      if (code != ExitCodes.OK) {
        return code;
      }
      // certify polled both cameras: a poll now would only repeat the baseline (and cost the demo
      // time).
      SimCamera cam = sim.get(CHANGED);
      sim.set(
          CHANGED,
          cam.withModules(
              plus(cam.modules(), FACE_MATCH),
              plus(
                  cam.supportedModules(),
                  new SimCamera.Item(
                      "", FACE_MATCH.prefix(), FACE_MATCH.ns(), FACE_MATCH.type(), Map.of()))));
      w.println();
      w.println(
          "(the vendor installs a face-recognition module on "
              + CHANGED
              + "; its firmware stays "
              + cam.firmware()
              + ")");
      code = step(w, err, "poll", "--config", site.toString());
      return code == ExitCodes.OK || code == ExitCodes.FINDING ? ExitCodes.OK : code;
    } catch (IOException e) {
      throw new UserException(
          "cannot run the ONVIF part of the demo in " + out + ": " + e.getMessage());
    }
  }

  /** Runs {@code vigie cameras <args>} in-process, with the demo's streams. */
  private static int step(PrintWriter w, PrintWriter err, String... args) {
    w.println("$ vigie cameras " + String.join(" ", args));
    w.flush();
    return CommandRunner.run(new CamerasCommand(), args, w, err);
  }

  private static void writeSite(OnvifSimulator sim, Path out, Path site) throws IOException {
    Path secrets = out.resolve("secrets");
    Files.createDirectories(secrets);
    StringBuilder yaml =
        new StringBuilder(
            "# Simulated ONVIF cameras of `vigie demo`, on loopback.\n"
                + "baseline: baseline.json\nonvif: { timeout_millis: 3000, concurrency: 2 }\ncameras:\n");
    for (String name : CAMERAS) {
      // A demo password for a simulator that lives as long as this command; kept out of the config.
      String password = "demo-" + name;
      sim.set(name, SimCamera.ordinary(password, "SN-" + name.toUpperCase(java.util.Locale.ROOT)));
      Path secret = secrets.resolve(name);
      Files.writeString(secret, password + "\n");
      try {
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file is a demo's, its mode is not what it shows.
      }
      yaml.append("  - { name: ")
          .append(name)
          .append(", address: 127.0.0.1, onvif_url: \"")
          .append(sim.deviceUrl(name))
          .append("\", username: vigie-audit, password_file: secrets/")
          .append(name)
          .append(" }\n");
    }
    Files.writeString(site, yaml);
  }

  private static List<SimCamera.Item> plus(List<SimCamera.Item> items, SimCamera.Item item) {
    List<SimCamera.Item> l = new ArrayList<>(items);
    l.add(item);
    return l;
  }
}
