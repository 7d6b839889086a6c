package io.vigie.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a device of the video network is. */
public enum DeviceRole {
  CAMERA,
  VIDEO_SERVER,
  ANALYTICS,
  WORKSTATION,
  OTHER;

  @JsonCreator
  public static DeviceRole parse(String s) {
    for (DeviceRole r : values()) {
      if (r.wireName().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + s
            + "' (one of "
            + Arrays.stream(values()).map(DeviceRole::wireName).collect(Collectors.joining(", "))
            + ")");
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
