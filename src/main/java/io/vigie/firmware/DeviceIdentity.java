package io.vigie.firmware;

/** What {@code GetDeviceInformation} says about a camera. */
public record DeviceIdentity(
    String manufacturer, String model, String firmware, String serial, String hardwareId) {
  public DeviceIdentity {
    manufacturer = nz(manufacturer);
    model = nz(model);
    firmware = nz(firmware);
    serial = nz(serial);
    hardwareId = nz(hardwareId);
  }

  private static String nz(String s) {
    return s == null ? "" : s.trim();
  }
}
