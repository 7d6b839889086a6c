package io.vigie.protocol;

import java.util.List;

/**
 * GB/T 28181: who registers to whom, and what the platform and the device said to each other.
 *
 * @param deviceId the camera's (or NVR's) 20-digit id
 * @param platformId the video platform's 20-digit id
 * @param cmds the MANSCDP {@code CmdType} values seen (Keepalive, Catalog, DeviceControl...)
 */
public record Gb28181Details(String deviceId, String platformId, List<String> cmds)
    implements ProtocolDetail {
  public static final DetailKind<Gb28181Details> KIND =
      new DetailKind<>(
          Gb28181Details.class, new Gb28181Details(null, null, List.of()), Gb28181Details::from);

  public Gb28181Details {
    cmds = cmds == null ? List.of() : List.copyOf(cmds);
  }

  static Gb28181Details from(SessionAttrs a) {
    return a.gbDeviceId == null && a.gbPlatformId == null && a.gbCmds.isEmpty()
        ? null
        : new Gb28181Details(a.gbDeviceId, a.gbPlatformId, a.gbCmds);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("gb28181_device_id", deviceId);
    w.string("gb28181_platform_id", platformId);
    w.strings("gb28181_cmds", cmds);
  }
}
