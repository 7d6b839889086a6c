package io.vigie.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A camera vigie polls, over ONVIF and/or the vendor's own HTTP API.
 *
 * <pre>
 * cameras:
 *   - { name: cam-001, address: 10.20.1.1, onvif_url: http://10.20.1.1/onvif/device_service,
 *       username: vigie-audit, password_file: secrets/cam-001 }
 *   - { name: cam-002, address: 10.20.1.2, api: [onvif, isapi], url: http://10.20.1.2,
 *       username: vigie-audit, password_file: secrets/cam-002 }
 * </pre>
 *
 * @param api the drivers that poll this camera, one or more of {@link #APIS}, in order; a single
 *     value may be written without brackets ({@code api: vapix}); default {@code [onvif]}. The
 *     findings of all of them merge into one fingerprint.
 * @param url the camera's base URL ({@code http://10.20.1.2}); the native drivers add their paths
 *     to it, ONVIF adds {@code /onvif/device_service} unless {@code onvif_url} is given
 * @param passwordFile relative to the config file's directory; the password never sits in the
 *     config
 */
public record CameraConfig(
    String name,
    String address,
    String onvifUrl,
    String username,
    String passwordFile,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> api,
    String url) {
  /** The driver names; a contract of the config. */
  public static final Set<String> APIS = Set.of("onvif", "isapi", "vapix", "dahua");

  @JsonCreator
  public CameraConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("missing 'name'");
    }
    if (address == null) {
      throw new IllegalArgumentException("missing 'address'");
    }
    io.vigie.net.IpAddress.parse(address);
    api = api == null || api.isEmpty() ? List.of("onvif") : List.copyOf(api);
    Set<String> seen = new LinkedHashSet<>();
    for (String a : api) {
      if (!APIS.contains(a)) {
        throw new IllegalArgumentException(
            "api '" + a + "' is not one of " + new java.util.TreeSet<>(APIS));
      }
      if (!seen.add(a)) {
        throw new IllegalArgumentException("api '" + a + "' is listed twice");
      }
    }
    if (onvifUrl == null && url == null) {
      throw new IllegalArgumentException("missing 'url' (or 'onvif_url')");
    }
    if (onvifUrl != null) {
      httpUrl("onvif_url", onvifUrl);
    }
    if (url != null) {
      httpUrl("url", url);
    }
    if ((username == null) != (passwordFile == null)) {
      throw new IllegalArgumentException("'username' and 'password_file' go together");
    }
  }

  /** An ONVIF-only camera, as before drivers existed. */
  public CameraConfig(
      String name, String address, String onvifUrl, String username, String passwordFile) {
    this(name, address, onvifUrl, username, passwordFile, null, null);
  }

  /** The URL a driver starts from: ONVIF's device service, or the base URL of a native API. */
  public URI endpoint(String driver) {
    if (driver.equals("onvif")) {
      return onvifUrl != null
          ? URI.create(onvifUrl)
          : URI.create(stripSlash(url) + "/onvif/device_service");
    }
    if (url != null) {
      return URI.create(stripSlash(url));
    }
    URI o = URI.create(onvifUrl);
    return URI.create(o.getScheme() + "://" + o.getRawAuthority());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static void httpUrl(String key, String value) {
    URI u;
    try {
      u = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad " + key + " '" + value + "'");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          key + " '" + value + "' is not an http(s) URL with a host");
    }
  }
}
