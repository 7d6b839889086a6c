package io.vigie.config;

import io.vigie.net.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the Prometheus endpoint listens. Loopback by default: the city's Prometheus usually scrapes
 * through a reverse proxy or from the same host, and exposing counters of the video network to the
 * whole LAN is a choice a person should make explicitly.
 *
 * <pre>
 * metrics:
 *   listen: 127.0.0.1:9108      # or [::1]:9108, or 0.0.0.0:9108
 * </pre>
 *
 * @param listen {@code host:port}; an IPv6 host goes in brackets
 */
public record MetricsConfig(String listen) {
  public static final String DEFAULT_LISTEN = "127.0.0.1:9108";
  public static final MetricsConfig DEFAULTS = new MetricsConfig(null);

  public MetricsConfig {
    listen = listen == null ? DEFAULT_LISTEN : listen;
    parse(listen);
  }

  /** The socket address to bind, unresolved names refused (no DNS at start-up). */
  public InetSocketAddress address() {
    return parse(listen);
  }

  private static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("listen '" + text + "' is not host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("listen '" + text + "': put an IPv6 address in brackets");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("listen '" + text + "': port is not in 1..65535");
    }
    IpAddress.Parsed ip;
    try {
      ip = IpAddress.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("listen '" + text + "': host must be an IP address");
    }
    return new InetSocketAddress(toInet(ip), port);
  }

  private static InetAddress toInet(IpAddress.Parsed ip) {
    byte[] b = new byte[ip.version() == 4 ? 4 : 16];
    if (ip.version() == 4) {
      long v = ip.lo();
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) (v >>> (24 - 8 * i));
      }
    } else {
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (ip.hi() >>> (56 - 8 * i));
        b[8 + i] = (byte) (ip.lo() >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4 or 16 byte address is always accepted", e);
    }
  }
}
