package io.vigie.firmware.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a simulated native-API camera answers: a body per path and query (after its base URL), the
 * account it accepts, and how it misbehaves. Tests change its state by replacing bodies: an app
 * added, a library created, ssh switched on.
 */
public final class VendorSimCamera {
  /** How the camera answers. */
  public enum Behaviour {
    NORMAL,
    GARBAGE,
    TRUNCATED,
    SLOW
  }

  private final String username;
  private final String password;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private volatile Behaviour behaviour = Behaviour.NORMAL;
  private volatile byte[] unauthorized = new byte[0];

  public VendorSimCamera(String username, String password) {
    this.username = username;
    this.password = password;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  public VendorSimCamera behaviour(Behaviour b) {
    this.behaviour = b;
    return this;
  }

  /** The body sent with a 401 (Hikvision sends a small HTML page). */
  public VendorSimCamera unauthorizedBody(byte[] b) {
    this.unauthorized = b.clone();
    return this;
  }

  byte[] unauthorizedBody() {
    return unauthorized;
  }

  public VendorSimCamera put(String pathAndQuery, byte[] body) {
    bodies.put(pathAndQuery, body.clone());
    return this;
  }

  public VendorSimCamera put(String pathAndQuery, String body) {
    return put(pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
  }

  public VendorSimCamera remove(String pathAndQuery) {
    bodies.remove(pathAndQuery);
    return this;
  }

  /** The current body, or null (404). */
  public byte[] body(String pathAndQuery) {
    return bodies.get(pathAndQuery);
  }

  public String text(String pathAndQuery) {
    byte[] b = bodies.get(pathAndQuery);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
