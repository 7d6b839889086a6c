package io.vigie.protocol;

/** Hikvision ISUP/EHome: the device id a camera registers to its platform with. */
public record IsupDetails(String deviceId) implements ProtocolDetail {
  public static final DetailKind<IsupDetails> KIND =
      new DetailKind<>(IsupDetails.class, new IsupDetails(null), IsupDetails::from);

  static IsupDetails from(SessionAttrs a) {
    return a.isupDeviceId == null ? null : new IsupDetails(a.isupDeviceId);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("isup_device_id", deviceId);
  }
}
