package io.vigie.policy;

import io.vigie.config.DeviceRole;
import io.vigie.net.Cidr;
import io.vigie.net.IpAddress;
import io.vigie.site.SiteView;
import java.util.Map;
import java.util.Optional;

/**
 * A small site for tests: video network 10.20.0.0/16 with cam-001 (10.20.1.1), cam-002 (10.20.1.2)
 * and vms-01 (10.20.0.10); vendor block 203.0.113.0/24 whose 203.0.113.10 was learnt as
 * gw.acme-cloud.example; the city's NTP 10.0.0.5:123 is an allowed service.
 */
public final class TestSite implements SiteView {
  public static final String CAM1 = "10.20.1.1";
  public static final String CAM2 = "10.20.1.2";
  public static final String VMS = "10.20.0.10";
  public static final String VENDOR_GW = "203.0.113.10";
  public static final String VENDOR_OTHER = "203.0.113.99";
  public static final String NTP = "10.0.0.5";
  public static final String INTERNET = "198.51.100.7";

  private static final Cidr VIDEO = Cidr.parse("10.20.0.0/16");
  private static final Cidr VENDOR = Cidr.parse("203.0.113.0/24");
  private static final Map<String, DeviceRef> DEVICES =
      Map.of(
          CAM1, new DeviceRef("cam-001", CAM1, DeviceRole.CAMERA),
          CAM2, new DeviceRef("cam-002", CAM2, DeviceRole.CAMERA),
          VMS, new DeviceRef("vms-01", VMS, DeviceRole.VIDEO_SERVER));

  @Override
  public boolean inVideoNetwork(String address) {
    return in(VIDEO, address);
  }

  @Override
  public Optional<DeviceRef> device(String address) {
    return Optional.ofNullable(DEVICES.get(address));
  }

  @Override
  public boolean isVendorEndpoint(String address) {
    return in(VENDOR, address);
  }

  @Override
  public boolean isAllowedService(String address, int port) {
    return NTP.equals(address) && port == 123;
  }

  @Override
  public Optional<String> nameOf(String address) {
    if (VENDOR_GW.equals(address)) {
      return Optional.of("gw.acme-cloud.example");
    }
    return device(address).map(DeviceRef::name);
  }

  private static boolean in(Cidr c, String address) {
    IpAddress.Parsed p = IpAddress.parse(address);
    return c.contains(p.version(), p.hi(), p.lo());
  }
}
