package io.vigie.site;

import io.vigie.net.App;
import java.util.EnumSet;
import java.util.Set;

/** Applications through which a vendor can maintain, reconfigure or tunnel into a device. */
public final class MaintenanceApps {
  private static final Set<App> MAINTENANCE =
      EnumSet.of(
          App.SSH,
          App.TELNET,
          App.RDP,
          App.VNC,
          App.FTP,
          App.FTP_DATA,
          App.TFTP,
          App.SMB,
          App.IKE,
          App.OPENVPN,
          App.WIREGUARD);
  private static final Set<App> TUNNELS = EnumSet.of(App.IKE, App.OPENVPN, App.WIREGUARD);

  private MaintenanceApps() {}

  public static boolean isMaintenance(App app) {
    return MAINTENANCE.contains(app);
  }

  public static boolean isTunnel(App app) {
    return TUNNELS.contains(app);
  }
}
