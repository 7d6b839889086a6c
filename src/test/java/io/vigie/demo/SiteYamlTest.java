package io.vigie.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.DeviceRole;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.net.IpAddress;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SiteYamlTest {
  private static SiteConfig load() throws Exception {
    try (InputStream in = SiteYamlTest.class.getResourceAsStream("/io/vigie/demo/site.yaml")) {
      return YamlLoader.parse("site.yaml", in.readAllBytes(), SiteConfig.class);
    }
  }

  @Test
  void theDemoSiteLoadsAndMatchesTheGeneratedHosts() throws Exception {
    SiteConfig site = load();
    DemoCity city = new DemoCity();
    Map<String, String> devices =
        site.devices().stream()
            .collect(Collectors.toMap(SiteConfig.Device::name, SiteConfig.Device::address));
    for (Host cam : city.cameras) {
      assertEquals(cam.address(), devices.get(cam.name()), cam.name());
    }
    assertEquals(city.vms1.address(), devices.get("vms-1"));
    assertEquals(city.vms2.address(), devices.get("vms-2"));
    assertEquals(12, site.devices().stream().filter(d -> d.role() == DeviceRole.CAMERA).count());
    assertEquals(
        2, site.devices().stream().filter(d -> d.role() == DeviceRole.VIDEO_SERVER).count());
  }

  @Test
  void vendorAndAllowedServicesCoverTheGeneratedAddresses() throws Exception {
    SiteConfig site = load();
    DemoCity city = new DemoCity();
    for (Host v : List.of(city.vendorSupport, city.vendorLaptop, city.vendorCloud)) {
      assertTrue(site.vendor().cidrs().stream().anyMatch(c -> contains(c, v)), v.toString());
    }
    assertEquals(List.of("*." + DemoCity.VENDOR_DOMAIN), site.vendor().domains());
    assertTrue(
        site.allowedServices().stream()
            .anyMatch(s -> contains(s.cidr(), city.ntp) && s.ports().contains(123)));
    assertTrue(
        site.allowedServices().stream()
            .anyMatch(s -> contains(s.cidr(), city.dns) && s.ports().contains(53)));
    for (Host cam : city.cameras) {
      assertTrue(site.networks().stream().anyMatch(n -> contains(n.cidr(), cam)), cam.toString());
    }
    IpAddress.Parsed cam12 = IpAddress.parse(city.camera12v6.address());
    assertTrue(
        site.networks().stream().anyMatch(n -> n.cidr().contains(6, cam12.hi(), cam12.lo())));
    IpAddress.Parsed ntp6 = IpAddress.parse(city.ntp6.address());
    assertTrue(
        site.allowedServices().stream().anyMatch(s -> s.cidr().contains(6, ntp6.hi(), ntp6.lo())));
  }

  private static boolean contains(io.vigie.net.Cidr c, Host h) {
    IpAddress.Parsed p = IpAddress.parse(h.address());
    return c.contains(p.version(), p.hi(), p.lo());
  }
}
