package io.vigie.firmware;

import io.vigie.config.CameraConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * A camera to poll, with its password file resolved against the config file's directory.
 *
 * @param passwordFile null for a camera polled without credentials
 */
public record CameraTarget(String name, URI deviceUrl, String username, Path passwordFile) {
  public static CameraTarget of(CameraConfig c, Path configDir) {
    return new CameraTarget(
        c.name(),
        URI.create(c.onvifUrl()),
        c.username(),
        c.passwordFile() == null ? null : configDir.resolve(c.passwordFile()));
  }
}
