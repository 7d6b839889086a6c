package io.vigie.site;

import io.vigie.config.DeviceRole;
import java.util.Optional;

/**
 * What policy and firmware code may ask about the site. Addresses are textual literals as they
 * appear in {@link io.vigie.flow.Session} ({@code orig_h}, {@code resp_h}).
 */
public interface SiteView {
  /** A device of the inventory. */
  record DeviceRef(String name, String address, DeviceRole role) {}

  /** Whether the address is inside one of the video networks. */
  boolean inVideoNetwork(String address);

  /** The inventory device with this address, if any. */
  Optional<DeviceRef> device(String address);

  /** Whether the address is a vendor endpoint (by CIDR, or by a name learnt from DNS or SNI). */
  boolean isVendorEndpoint(String address);

  /** Whether the address and port is an allowed internal service (NTP, DNS, VMS...). */
  boolean isAllowedService(String address, int port);

  /** A name for the address: inventory name, else the last DNS/SNI name learnt, else empty. */
  Optional<String> nameOf(String address);

  /**
   * Whether the address is vigie's own gate ({@code gate.address}): the source of the gate's
   * relayed legs into the video network, which are judged as relays, not as remote access.
   */
  default boolean isGateAddress(String address) {
    return false;
  }
}
