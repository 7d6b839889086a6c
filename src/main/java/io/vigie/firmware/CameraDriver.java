package io.vigie.firmware;

import java.net.URI;

/**
 * One way of asking a camera what it runs: ONVIF, or a vendor's own HTTP API (Hikvision ISAPI, Axis
 * VAPIX, Dahua CGI). One call is one poll; a camera polled by two drivers gets their states merged
 * with {@link CameraState#merge}.
 *
 * <pre>{@code
 * CameraState s = driver.read(URI.create("http://10.20.1.2"), credentials);
 * }</pre>
 */
public interface CameraDriver {
  /** The config name of this driver: {@code onvif}, {@code isapi}, {@code vapix}, {@code dahua}. */
  String api();

  /**
   * Polls once within the driver's deadline.
   *
   * @param url the ONVIF device service for {@code onvif}, the camera's base URL otherwise
   * @throws PollException a typed, counted error; never a credential in its message
   */
  CameraState read(URI url, Credentials credentials) throws PollException;
}
