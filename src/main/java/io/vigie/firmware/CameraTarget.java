package io.vigie.firmware;

import io.vigie.config.CameraConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A camera to poll, with its password file resolved against the config file's directory.
 *
 * @param deviceUrl the first endpoint's URL (the ONVIF device service for an ONVIF camera)
 * @param passwordFile null for a camera polled without credentials
 * @param endpoints the drivers that poll it and where, in the config's order; their findings merge
 */
public record CameraTarget(
    String name, URI deviceUrl, String username, Path passwordFile, List<Endpoint> endpoints) {
  /** One driver ({@code onvif}, {@code isapi}, {@code vapix}, {@code dahua}) and its URL. */
  public record Endpoint(String api, URI url) {}

  public CameraTarget {
    endpoints =
        endpoints == null || endpoints.isEmpty()
            ? List.of(new Endpoint("onvif", deviceUrl))
            : List.copyOf(endpoints);
  }

  /** An ONVIF-only camera. */
  public CameraTarget(String name, URI deviceUrl, String username, Path passwordFile) {
    this(name, deviceUrl, username, passwordFile, null);
  }

  public static CameraTarget of(CameraConfig c, Path configDir) {
    List<Endpoint> eps = new ArrayList<>();
    for (String api : c.api()) {
      eps.add(new Endpoint(api, c.endpoint(api)));
    }
    return new CameraTarget(
        c.name(),
        eps.get(0).url(),
        c.username(),
        c.passwordFile() == null ? null : configDir.resolve(c.passwordFile()),
        eps);
  }
}
