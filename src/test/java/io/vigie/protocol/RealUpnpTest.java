package io.vigie.protocol;

import static io.vigie.protocol.RealProgramsTest.present;
import static io.vigie.protocol.RealProgramsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera opening its own port on the router, with the real programs: miniupnpd as the internet
 * gateway in one network namespace, {@code upnpc -a} (miniupnpc) as the camera in another, joined
 * by a veth pair; tcpdump on the gateway's LAN side, the capture replayed through vigie with a site
 * file that names the camera. SSDP needs multicast, which loopback does not route between programs,
 * hence the namespaces (root only; skipped with a message otherwise).
 *
 * <p>miniupnpd refuses a reserved address on its WAN side, so the WAN veth carries an ordinary
 * unicast address; nothing leaves the namespaces. Without nftables' {@code miniupnpd} chains the
 * router answers {@code 501 ActionFailed}: the request, which is what vigie judges, is the same.
 */
@Tag("system")
class RealUpnpTest {
  private static final String CAMERA = "10.20.0.12";
  private static final String ROUTER = "10.20.0.1";
  private static final String WAN = "192.0.3.7";

  /** Two namespaces (gateway, camera) and their links, removed on close. */
  private static final class TestNet implements AutoCloseable {
    final String gw;
    final String cam;
    private final List<String> made = new ArrayList<>();

    TestNet() throws Exception {
      String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
      gw = "vigie-gw-" + tag;
      cam = "vigie-cam-" + tag;
      for (String ns : List.of(gw, cam)) {
        String out = run(10, "ip", "netns", "add", ns);
        Assumptions.assumeTrue(
            Files.exists(Path.of("/run/netns", ns)),
            "cannot create a network namespace (root needed): " + out);
        made.add(ns);
      }
      lan = "vl" + tag;
      wan = "vw" + tag;
      try {
        links();
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    final String lan;
    final String wan;

    private void links() throws Exception {
      sh("ip link add " + lan + " type veth peer name " + lan + "c");
      sh("ip link set " + lan + " netns " + gw);
      sh("ip link set " + lan + "c netns " + cam);
      sh("ip -n " + gw + " link add " + wan + " type veth peer name " + wan + "p");
      sh("ip -n " + gw + " addr add " + ROUTER + "/24 dev " + lan);
      sh("ip -n " + gw + " addr add " + WAN + "/24 dev " + wan);
      sh("ip -n " + cam + " addr add " + CAMERA + "/24 dev " + lan + "c");
      for (String dev : List.of(lan, wan, wan + "p", "lo")) {
        sh("ip -n " + gw + " link set " + dev + " up");
      }
      sh("ip -n " + cam + " link set " + lan + "c up");
      sh("ip -n " + cam + " link set lo up");
      sh("ip -n " + cam + " route add default via " + ROUTER);
    }

    private static void sh(String cmd) throws Exception {
      Process p = new ProcessBuilder(cmd.split(" ")).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(
          p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
          "cannot build the test network (" + cmd + "): " + out);
    }

    List<String> in(String ns, String... cmd) {
      List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
      all.addAll(List.of(cmd));
      return all;
    }

    @Override
    public void close() throws IOException {
      try {
        for (String ns : made) {
          run(10, "ip", "netns", "del", ns);
        }
        // Only left in the root namespace when moving it into the gateway's failed.
        if (Files.exists(Path.of("/sys/class/net", lan))) {
          run(10, "ip", "link", "del", lan);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("removing the test namespaces");
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  private static SiteConfig site() throws Exception {
    String yaml =
        """
        networks:
          - { name: cameras, cidr: 10.20.0.0/24 }
        devices:
          - { name: cam-012, address: 10.20.0.12, role: camera }
        """;
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void upnpcAddPortMappingToMiniupnpdIsSsdpThenHttpWithItsMappingAndAPortMappingNotice(
      @TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        present("/usr/sbin/miniupnpd") && present("/usr/bin/upnpc"),
        "miniupnpd and miniupnpc not installed");
    Assumptions.assumeTrue(
        present("/usr/bin/tcpdump") || present("/usr/sbin/tcpdump"), "tcpdump not installed");
    Assumptions.assumeTrue(present("/usr/sbin/ip") || present("/bin/ip"), "iproute2 not installed");
    try (TestNet net = new TestNet()) {
      Path conf = tmp.resolve("miniupnpd.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "ext_ifname=" + net.wan,
              "ext_ip=" + WAN,
              "listening_ip=" + net.lan,
              "http_port=5000",
              "enable_natpmp=no",
              "ipv6_disable=yes",
              "secure_mode=no",
              "uuid=c073915d-d155-416c-8ae6-a871eef60e4f",
              "allow 1024-65535 10.20.0.0/24 1-65535",
              "deny 0-65535 0.0.0.0/0 0-65535",
              ""));
      Path log = tmp.resolve("miniupnpd.log");
      List<Notice> notices = new ArrayList<>();
      List<Session> sessions;
      String out;
      try (LoopbackCapture capture =
          LoopbackCapture.inNamespace(tmp, net.gw, net.lan, "host " + CAMERA)) {
        Process igd =
            new ProcessBuilder(
                    net.in(
                        net.gw,
                        "/usr/sbin/miniupnpd",
                        "-d",
                        "-f",
                        conf.toString(),
                        "-P",
                        tmp.resolve("miniupnpd.pid").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
          awaitHttp(log, igd);
          out =
              run(
                  60,
                  net.in(net.cam, "upnpc", "-a", CAMERA, "554", "8554", "TCP")
                      .toArray(String[]::new));
          sessions = capture.stopAndReplay(site(), notices);
        } finally {
          igd.destroy();
          igd.waitFor(10, TimeUnit.SECONDS);
        }
      }
      String why = out + "\n" + Files.readString(log) + "\n" + sessions;
      Session search =
          sessions.stream()
              .filter(s -> s.origH().equals(CAMERA) && s.respP() == 1900)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no M-SEARCH captured: " + why));
      assertEquals(App.SSDP, search.app(), why);
      assertEquals("udp", search.proto());
      Session add =
          sessions.stream()
              .filter(
                  s ->
                      s.details().get(UpnpDetails.KIND) != null
                          && "AddPortMapping".equals(s.details().get(UpnpDetails.KIND).action()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no AddPortMapping seen: " + why));
      assertEquals(App.HTTP, add.app(), why);
      assertEquals(ROUTER, add.respH());
      UpnpDetails upnp = add.details().get(UpnpDetails.KIND);
      assertEquals(8554, upnp.externalPort());
      assertEquals(CAMERA, upnp.internalClient());
      assertEquals(554, upnp.internalPort());
      List<Notice> mappings =
          notices.stream().filter(n -> n.note().equals("port_mapping")).toList();
      assertEquals(1, mappings.size(), notices.toString());
      Notice n = mappings.get(0);
      assertEquals("cam-012", n.camera());
      assertEquals(add.communityId(), n.communityId());
      assertTrue(n.msg().contains("8554") && n.msg().contains(CAMERA), n.msg());
    }
  }

  /** miniupnpd logs its HTTP port once it listens; upnpc must not search before. */
  private static void awaitHttp(Path log, Process igd) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && igd.isAlive()) {
      if (Files.readString(log).contains("HTTP listening on port")) {
        return;
      }
      Thread.sleep(50);
    }
    Assumptions.abort("miniupnpd did not start: " + Files.readString(log));
  }
}
