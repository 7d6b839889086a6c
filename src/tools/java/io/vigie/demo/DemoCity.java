package io.vigie.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The machines of the demo city, the same as in {@code site.yaml} beside this class: twelve cameras
 * in 10.20.1.0/24, two video servers, the city's NTP and DNS servers, and the vendor's support and
 * cloud addresses in 203.0.113.0/24, a foreign video platform at 198.51.100.28 (documentation
 * space, RFC 5737) and the cameras' router.
 */
public final class DemoCity {
  public static final String VENDOR_DOMAIN = "acme-cloud.example";

  /** The city's video platform (vms-1) by its GB/T 28181 id, the only one site.yaml approves. */
  public static final String CITY_PLATFORM_ID = "34020000002000000001";

  /** A platform in another province, outside the city's networks. */
  public static final String FOREIGN_PLATFORM_ID = "44010200492000000001";

  public final List<Host> cameras;
  public final Host vms1 = Host.of("vms-1", "10.20.0.10");
  public final Host vms2 = Host.of("vms-2", "10.20.0.11");
  public final Host ntp = Host.of("city-ntp", "10.0.0.5");
  public final Host dns = Host.of("city-dns", "10.0.0.53");

  /** cam-12 is dual-stack and asks the time over IPv6 (unique local addresses, RFC 4193). */
  public final Host6 camera12v6 = Host6.of("cam-12", "fd00:20:1::12");

  public final Host6 ntp6 = Host6.of("city-ntp", "fd00:0:0:1::5");
  public final Host vendorSupport = Host.remote("vendor-support", "203.0.113.50");
  public final Host vendorLaptop = Host.remote("vendor-laptop", "203.0.113.51");
  public final Host vendorCloud = Host.remote("telemetry." + VENDOR_DOMAIN, "203.0.113.20");

  /** The cameras' gateway, a UPnP IGD; not in site.yaml's inventory. */
  public final Host router = Host.of("router", "10.20.0.1");

  public final Host foreignPlatform = Host.remote("foreign-platform", "198.51.100.28");

  public DemoCity() {
    List<Host> cams = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      cams.add(Host.of(String.format("cam-%02d", i), "10.20.1." + i));
    }
    cameras = List.copyOf(cams);
  }

  /** Camera {@code n}, counting from 1 as the names do. */
  public Host camera(int n) {
    return cameras.get(n - 1);
  }
}
