package io.vigie.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces of the test's own joined by a veth pair: the camera side and the vendor
 * side, with 10.200.1.0/24 addresses that exist only inside them. Closing deletes both (and with
 * them the veth pair).
 *
 * <pre>{@code
 * try (Netns net = Netns.create(procs, "10.200.1.10", "10.200.1.130")) {
 *   procs.start("sshd", net.inCamera(List.of("/usr/sbin/sshd", ...)));
 * }
 * }</pre>
 */
final class Netns implements AutoCloseable {
  static final String IP = "/usr/sbin/ip";

  private final Procs procs;
  private final String camera;
  private final String vendor;
  private final String cameraIf;
  private boolean cameraMade;
  private boolean vendorMade;

  private Netns(Procs procs, String tag) {
    this.procs = procs;
    this.camera = "vigie-e2e-" + tag + "-cam";
    this.vendor = "vigie-e2e-" + tag + "-ven";
    this.cameraIf = "ve" + tag + "c"; // interface names are at most 15 characters
  }

  static void assumeAvailable() {
    Procs.assumeTool(IP, "iproute2");
  }

  static Netns create(Procs procs, String cameraAddress, String vendorAddress) {
    String tag = String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Netns n = new Netns(procs, tag);
    try {
      procs.run("netns-add-cam", List.of(IP, "netns", "add", n.camera));
      n.cameraMade = true;
      procs.run("netns-add-ven", List.of(IP, "netns", "add", n.vendor));
      n.vendorMade = true;
      String vendorIf = "ve" + tag + "v";
      procs.run(
          "veth",
          List.of(
              IP,
              "link",
              "add",
              n.cameraIf,
              "netns",
              n.camera,
              "type",
              "veth",
              "peer",
              "name",
              vendorIf,
              "netns",
              n.vendor));
      n.up(n.camera, n.cameraIf, cameraAddress);
      n.up(n.vendor, vendorIf, vendorAddress);
      return n;
    } catch (RuntimeException | Error e) {
      n.close();
      throw e;
    }
  }

  private void up(String ns, String dev, String address) {
    procs.run("addr-" + dev, List.of(IP, "-n", ns, "addr", "add", address + "/24", "dev", dev));
    procs.run("up-" + dev, List.of(IP, "-n", ns, "link", "set", dev, "up"));
    procs.run("up-lo-" + ns, List.of(IP, "-n", ns, "link", "set", "lo", "up"));
  }

  /** The camera side's end of the veth pair, where the test captures. */
  String cameraInterface() {
    return cameraIf;
  }

  List<String> inCamera(List<String> cmd) {
    return in(camera, cmd);
  }

  List<String> inVendor(List<String> cmd) {
    return in(vendor, cmd);
  }

  private static List<String> in(String ns, List<String> cmd) {
    List<String> out = new ArrayList<>(List.of(IP, "netns", "exec", ns));
    out.addAll(cmd);
    return out;
  }

  @Override
  public void close() {
    // A process still inside keeps its namespace alive, unnamed, until Procs stops it.
    if (vendorMade) {
      procs.run("netns-del-ven", List.of(IP, "netns", "del", vendor));
    }
    if (cameraMade) {
      procs.run("netns-del-cam", List.of(IP, "netns", "del", camera));
    }
  }
}
