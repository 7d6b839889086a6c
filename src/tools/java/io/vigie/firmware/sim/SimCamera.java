package io.vigie.firmware.sim;

import java.util.List;
import java.util.Map;

/**
 * The state a simulated camera reports. Tests replace it whole ({@link OnvifSimulator#set}) to play
 * a firmware update, a new analytics package or a new account.
 *
 * @param clockOffsetSeconds how far the camera's clock is from the host's (the client must follow
 *     it)
 * @param modules configured analytics modules; {@code rules} configured rules
 * @param remoteUser null when the camera does not implement GetRemoteUser
 */
public record SimCamera(
    String password,
    String manufacturer,
    String model,
    String firmware,
    String serial,
    long clockOffsetSeconds,
    List<Item> modules,
    List<Item> rules,
    List<Item> supportedModules,
    List<Item> supportedRules,
    List<String> users,
    String remoteUser,
    List<String> dpAddresses,
    Behaviour behaviour) {

  public SimCamera {
    modules = List.copyOf(modules);
    rules = List.copyOf(rules);
    supportedModules = List.copyOf(supportedModules);
    supportedRules = List.copyOf(supportedRules);
    users = List.copyOf(users);
    dpAddresses = List.copyOf(dpAddresses);
  }

  /**
   * A module, rule or supported type.
   *
   * @param ns namespace URI of the type; {@code prefix} the prefix the camera uses for it
   */
  public record Item(
      String name, String prefix, String ns, String type, Map<String, String> params) {
    public static final String TT = "http://www.onvif.org/ver10/schema";

    public static Item tt(String name, String type, Map<String, String> params) {
      return new Item(name, "tt", TT, type, params);
    }
  }

  /** How the camera answers. */
  public enum Behaviour {
    NORMAL,
    GARBAGE,
    SLOW,
    HUGE
  }

  /** An ordinary camera: motion, line and tamper detection, one admin and the audit account. */
  public static SimCamera ordinary(String password, String serial) {
    String hik = "http://www.onvifext.com/onvif/ext/ver10/schema";
    return new SimCamera(
        password,
        "ACME",
        "AC-2040",
        "V5.5.3 build 200101",
        serial,
        3600,
        List.of(
            Item.tt("MyCellMotionModule", "CellMotionEngine", Map.of("Sensitivity", "60")),
            new Item("MyTamperModule", "hikxsd", hik, "TamperEngine", Map.of("Sensitivity", "0"))),
        List.of(
            Item.tt("MyMotionRule", "CellMotionDetector", Map.of("MinCount", "5")),
            Item.tt("MyLineRule", "LineDetector", Map.of("Direction", "Any"))),
        List.of(
            Item.tt("", "CellMotionEngine", Map.of()),
            Item.tt("", "LineDetectorEngine", Map.of()),
            new Item("", "hikxsd", hik, "TamperEngine", Map.of())),
        List.of(Item.tt("", "CellMotionDetector", Map.of()), Item.tt("", "LineDetector", Map.of())),
        List.of("admin:Administrator", "vigie-audit:User"),
        "",
        List.of(),
        Behaviour.NORMAL);
  }

  public SimCamera withFirmware(String fw) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        fw,
        serial,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        users,
        remoteUser,
        dpAddresses,
        behaviour);
  }

  public SimCamera withModules(List<Item> m, List<Item> supported) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        serial,
        clockOffsetSeconds,
        m,
        rules,
        supported,
        supportedRules,
        users,
        remoteUser,
        dpAddresses,
        behaviour);
  }

  public SimCamera withUsers(List<String> u) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        serial,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        u,
        remoteUser,
        dpAddresses,
        behaviour);
  }

  public SimCamera withBehaviour(Behaviour b) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        serial,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        users,
        remoteUser,
        dpAddresses,
        b);
  }

  public SimCamera withSerial(String sn) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        sn,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        users,
        remoteUser,
        dpAddresses,
        behaviour);
  }

  /**
   * @param remote null for a camera without GetRemoteUser, "" for none set
   */
  public SimCamera withRemoteUser(String remote) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        serial,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        users,
        remote,
        dpAddresses,
        behaviour);
  }

  public SimCamera withDpAddresses(List<String> dp) {
    return new SimCamera(
        password,
        manufacturer,
        model,
        firmware,
        serial,
        clockOffsetSeconds,
        modules,
        rules,
        supportedModules,
        supportedRules,
        users,
        remoteUser,
        dp,
        behaviour);
  }
}
