package io.vigie.firmware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A camera's state as plain maps: the form the baseline file, the poll records and evidence share.
 */
public final class CameraStateMaps {
  private CameraStateMaps() {}

  public static Map<String, Object> stateToMap(CameraState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    DeviceIdentity d = s.identity();
    m.put(
        "identity",
        Map.of(
            "manufacturer",
            d.manufacturer(),
            "model",
            d.model(),
            "firmware",
            d.firmware(),
            "serial",
            d.serial(),
            "hardware_id",
            d.hardwareId()));
    List<Object> items = new ArrayList<>();
    for (AnalyticsItem i : s.analytics()) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("kind", i.kind().wireName());
      im.put("config", i.config());
      im.put("name", i.name());
      im.put("type", i.type());
      im.put("params", i.params());
      items.add(im);
    }
    m.put("analytics", items);
    m.put("analytics_capabilities", s.analyticsCapabilities());
    m.put("users", s.users());
    m.put("remote_user", s.remoteUser());
    m.put("dp_addresses", s.dpAddresses());
    m.put("discovery_mode", s.discoveryMode());
    m.put("libraries", s.libraries());
    m.put("remote_services", s.remoteServices());
    m.put("platforms", s.platforms());
    m.put("time", s.time());
    return m;
  }
}
