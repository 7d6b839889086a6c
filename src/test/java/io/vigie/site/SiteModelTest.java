package io.vigie.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.net.IpAddress;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.SessionAttrs;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.TlsDetails;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SiteModelTest {
  private static final String SITE =
      """
      networks:
        - { name: cameras, cidr: 10.20.1.0/24 }
        - { name: servers, cidr: 10.20.0.0/24 }
      devices:
        - { name: cam-01, address: 10.20.1.1, role: camera }
        - { name: vms-1, address: 10.20.0.10, role: video_server }
      vendor:
        cidrs: [203.0.113.0/24]
        domains: ["*.acme-cloud.example", update.acme.example]
      allowed_services:
        - { name: ntp, cidr: 10.0.0.5/32, ports: [123] }
      """;

  private final SiteModel site = new SiteModel(load(SITE));

  static SiteConfig load(String yaml) {
    try {
      return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static Session session(
      String orig, int op, String resp, int rp, App app, String sni, String host) {
    SessionDetails d =
        SessionDetails.of(
            new TlsDetails(sni, null, null), new HttpDetails(null, host, null, null, null));
    return new Session(
        0,
        1,
        "tcp",
        orig,
        op,
        resp,
        rp,
        "1:x",
        app,
        0,
        0,
        1,
        1,
        Direction.EXTERNAL,
        false,
        null,
        null,
        "fin",
        d,
        null,
        null);
  }

  @Test
  void directionFollowsTheVideoNetworks() {
    assertEquals(
        Direction.INTERNAL,
        site.classify(session("10.20.0.10", 1, "10.20.1.1", 554, App.RTSP, null, null))
            .direction());
    assertEquals(
        Direction.OUTBOUND,
        site.classify(session("10.20.1.1", 1, "198.51.100.7", 443, App.TLS, null, null))
            .direction());
    assertEquals(
        Direction.INBOUND,
        site.classify(session("198.51.100.7", 1, "10.20.1.1", 22, App.SSH, null, null))
            .direction());
    assertEquals(
        Direction.EXTERNAL,
        site.classify(session("192.0.2.1", 1, "198.51.100.7", 22, App.SSH, null, null))
            .direction());
  }

  @Test
  void devicesAreNamedAndTheVendorIsKnownByBlockDnsAndSni() {
    Session s = site.classify(session("203.0.113.50", 5000, "10.20.1.1", 22, App.SSH, null, null));
    assertTrue(s.vendor());
    assertEquals("cam-01", s.respName());
    assertNull(s.origName());

    // An address learnt from a DNS answer for a vendor domain is the vendor's.
    IpAddress.Parsed cloud = IpAddress.parse("198.51.100.20");
    assertFalse(site.isVendorEndpoint("198.51.100.20"));
    site.learn(4, cloud.hi(), cloud.lo(), "Telemetry.ACME-cloud.example", 0);
    Session t =
        site.classify(session("10.20.1.1", 4000, "198.51.100.20", 443, App.TLS, null, null));
    assertTrue(t.vendor());
    assertEquals("telemetry.acme-cloud.example", t.respName());

    // SNI and Host name the vendor too; the bare parent of a wildcard does not match it.
    assertTrue(
        site.classify(
                session("10.20.1.1", 1, "192.0.2.9", 443, App.TLS, "x.acme-cloud.example", null))
            .vendor());
    assertTrue(
        site.classify(
                session(
                    "10.20.1.1", 1, "192.0.2.9", 80, App.HTTP, null, "update.acme.example:8080"))
            .vendor());
    assertFalse(
        site.classify(
                session("10.20.1.1", 1, "192.0.2.9", 443, App.TLS, "acme-cloud.example", null))
            .vendor());
  }

  @Test
  void allowedServicesMatchAddressAndPort() {
    assertTrue(site.isAllowedService("10.0.0.5", 123));
    assertFalse(site.isAllowedService("10.0.0.5", 22));
    assertFalse(site.isAllowedService("10.0.0.6", 123));
  }

  @Test
  void slicesAreKeptForTheVendorTheEdgeMaintenanceAndFiles() {
    assertTrue(site.isOfInterest(flow("203.0.113.9", "10.20.1.1", 22, null)), "vendor");
    assertTrue(site.isOfInterest(flow("10.20.1.1", "198.51.100.1", 443, null)), "phone home");
    assertFalse(site.isOfInterest(flow("10.20.1.1", "10.0.0.5", 123, null)), "allowed NTP");
    assertFalse(
        site.isOfInterest(flow("10.20.0.10", "10.20.1.1", 554, App.RTSP)), "internal video");
    assertTrue(site.isOfInterest(flow("10.20.0.10", "10.20.1.1", 22, App.SSH)), "internal ssh");
    FlowContext upload = flow("10.20.0.10", "10.20.1.1", 80, App.HTTP);
    assertFalse(site.isOfInterest(upload), "an internal HTTP call");
    upload.attrs().fileSha256 = "ab";
    assertTrue(site.isOfInterest(upload), "a file sent to a camera");
  }

  private static FlowContext flow(String orig, String resp, int respPort, App app) {
    IpAddress.Parsed o = IpAddress.parse(orig);
    IpAddress.Parsed r = IpAddress.parse(resp);
    SessionAttrs attrs = new SessionAttrs();
    App[] current = {app};
    return new FlowContext() {
      public int ipProto() {
        return 6;
      }

      public int ipVersion() {
        return 4;
      }

      public long origHi() {
        return o.hi();
      }

      public long origLo() {
        return o.lo();
      }

      public int origPort() {
        return 40000;
      }

      public long respHi() {
        return r.hi();
      }

      public long respLo() {
        return r.lo();
      }

      public int respPort() {
        return respPort;
      }

      public long origPkts() {
        return 1;
      }

      public long respPkts() {
        return 1;
      }

      public App app() {
        return current[0];
      }

      public void app(App a) {
        current[0] = a;
      }

      public SessionAttrs attrs() {
        return attrs;
      }

      public String communityId() {
        return "1:x";
      }

      public Object inspectorState() {
        return null;
      }

      public void inspectorState(Object s) {}
    };
  }
}
