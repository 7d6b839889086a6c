package io.vigie.policy;

import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import java.time.Instant;

/** Builds sessions for tests, as the site stage would classify them. */
public final class Sessions {
  private Sessions() {}

  public static Session session(
      String orig, String resp, int respPort, App app, Instant start, Instant end) {
    TestSite site = new TestSite();
    boolean inO = site.inVideoNetwork(orig);
    boolean inR = site.inVideoNetwork(resp);
    Direction d =
        inO && inR
            ? Direction.INTERNAL
            : inO ? Direction.OUTBOUND : inR ? Direction.INBOUND : Direction.EXTERNAL;
    boolean vendor = site.isVendorEndpoint(orig) || site.isVendorEndpoint(resp);
    String proto = app == App.RTP || app == App.WIREGUARD || app == App.IKE ? "udp" : "tcp";
    return new Session(
        Window.nanosOf(start),
        Window.nanosOf(end),
        proto,
        orig,
        40000,
        resp,
        respPort,
        "1:" + orig + "-" + resp + "-" + app.wireName(),
        app,
        100,
        100,
        2,
        2,
        d,
        vendor,
        site.nameOf(orig).orElse(null),
        site.nameOf(resp).orElse(null),
        "fin",
        null,
        null,
        null);
  }

  public static Session vendorSsh(String vendor, String device, Instant start, Instant end) {
    return session(vendor, device, 22, App.SSH, start, end);
  }
}
