package io.vigie.config;

import java.net.URI;

/**
 * A camera vigie polls over ONVIF.
 *
 * <pre>
 * cameras:
 *   - { name: cam-001, address: 10.20.1.1, onvif_url: http://10.20.1.1/onvif/device_service,
 *       username: vigie-audit, password_file: secrets/cam-001 }
 * </pre>
 *
 * @param passwordFile relative to the config file's directory; the password never sits in the
 *     config
 */
public record CameraConfig(
    String name, String address, String onvifUrl, String username, String passwordFile) {
  public CameraConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("missing 'name'");
    }
    if (address == null) {
      throw new IllegalArgumentException("missing 'address'");
    }
    io.vigie.net.IpAddress.parse(address);
    if (onvifUrl == null) {
      throw new IllegalArgumentException("missing 'onvif_url'");
    }
    URI u;
    try {
      u = URI.create(onvifUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad onvif_url '" + onvifUrl + "'");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "onvif_url '" + onvifUrl + "' is not an http(s) URL with a host");
    }
    if ((username == null) != (passwordFile == null)) {
      throw new IllegalArgumentException("'username' and 'password_file' go together");
    }
  }
}
