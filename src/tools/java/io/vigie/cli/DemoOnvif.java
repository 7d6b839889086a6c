package io.vigie.cli;

import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import io.vigie.firmware.sim.VendorSimCamera;
import io.vigie.firmware.sim.VendorSimCameras;
import io.vigie.firmware.sim.VendorSimulator;
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
 * A Hikvision-style camera (ISAPI) and an Axis-style one (VAPIX) join them: the vendor installs a
 * face-capture app on the Hikvision one through its open platform, which ONVIF never shows. The
 * commands run in-process with the demo's streams, so what is shown is what they print.
 */
final class DemoOnvif {
  static final String CHANGED = "sim-cam-02";
  static final List<String> CAMERAS = List.of("sim-cam-01", CHANGED);

  /** Native-API cameras: name and driver ({@code api:} in the site config). */
  static final String HIK = "sim-hik-03";

  static final String AXIS = "sim-axis-04";
  static final Map<String, String> NATIVE = Map.of(HIK, "isapi", AXIS, "vapix");

  /** Hikvision's face-capture app, as its open platform lists it. */
  static final String FACE_CAPTURE_APP =
      VendorSimCameras.hikApp("FaceCapture", "1.0.2", "Hikvision", "running");

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
    try (OnvifSimulator sim = OnvifSimulator.start(2);
        VendorSimulator vendor = VendorSimulator.start(2)) {
      writeSite(sim, vendor, out, site);
      w.println();
      w.println("ONVIF: two simulated cameras on 127.0.0.1 (" + String.join(", ", CAMERAS) + ")");
      w.println(
          "native APIs: " + HIK + " (Hikvision ISAPI) and " + AXIS + " (Axis VAPIX) on 127.0.0.1");
      int code = step(w, err, "certify", "--config", site.toString(), "--out", baseline.toString());
      if (code != ExitCodes.OK) {
        return code;
      }
      // certify polled every camera: a poll now would only repeat the baseline (and cost the demo
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
      // Through the open platform: an app, not a firmware image; deviceInfo does not move.
      VendorSimCamera hik = vendor.get(HIK);
      hik.put(
          VendorSimCameras.HIK_APPS,
          VendorSimCameras.hikApps(
              VendorSimCameras.hikApp("PeopleCounting", "1.2.0", "Hikvision", "running"),
              FACE_CAPTURE_APP));
      w.println(
          "(the vendor installs the FaceCapture app on "
              + HIK
              + " through the ISAPI open platform; its firmware stays the same)");
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

  private static void writeSite(OnvifSimulator sim, VendorSimulator vendor, Path out, Path site)
      throws IOException {
    Path secrets = out.resolve("secrets");
    Files.createDirectories(secrets);
    StringBuilder yaml =
        new StringBuilder(
            "# Simulated cameras of `vigie demo` (ONVIF, Hikvision ISAPI, Axis VAPIX), on loopback.\n"
                + "baseline: baseline.json\nonvif: { timeout_millis: 3000, concurrency: 2 }\ncameras:\n");
    for (String name : CAMERAS) {
      // A demo password for a simulator that lives as long as this command; kept out of the config.
      String password = "demo-" + name;
      sim.set(name, SimCamera.ordinary(password, "SN-" + name.toUpperCase(java.util.Locale.ROOT)));
      writeSecret(secrets.resolve(name), password);
      yaml.append("  - { name: ")
          .append(name)
          .append(", address: 127.0.0.1, onvif_url: \"")
          .append(sim.deviceUrl(name))
          .append("\", username: vigie-audit, password_file: secrets/")
          .append(name)
          .append(" }\n");
    }
    for (String name : List.of(HIK, AXIS)) {
      String password = "demo-" + name;
      String serial = "SN-" + name.toUpperCase(java.util.Locale.ROOT);
      vendor.set(
          name,
          HIK.equals(name)
              ? VendorSimCameras.hikvisionStandalone(serial, "vigie-audit", password)
              : VendorSimCameras.axisStandalone(serial, "vigie-audit", password));
      writeSecret(secrets.resolve(name), password);
      yaml.append("  - { name: ")
          .append(name)
          .append(", address: 127.0.0.1, api: ")
          .append(NATIVE.get(name))
          .append(", url: \"")
          .append(vendor.baseUrl(name))
          .append("\", username: vigie-audit, password_file: secrets/")
          .append(name)
          .append(" }\n");
    }
    Files.writeString(site, yaml);
  }

  private static void writeSecret(Path secret, String password) throws IOException {
    Files.writeString(secret, password + "\n");
    try {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file is a demo's, its mode is not what it shows.
    }
  }

  private static List<SimCamera.Item> plus(List<SimCamera.Item> items, SimCamera.Item item) {
    List<SimCamera.Item> l = new ArrayList<>(items);
    l.add(item);
    return l;
  }
}
