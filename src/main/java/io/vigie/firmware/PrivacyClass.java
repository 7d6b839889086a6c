package io.vigie.firmware;

import io.vigie.notice.Severity;

/** What an analytics module or rule could do to people's privacy; wire names are a contract. */
public enum PrivacyClass {
  FACE_RECOGNITION("face_recognition", Severity.CRITICAL),
  PLATE_READING("plate_reading", Severity.CRITICAL),
  FACE_DETECTION("face_detection", Severity.HIGH),
  PERSON_ATTRIBUTES("person_attributes", Severity.HIGH),
  COLOUR_SEARCH("colour_search", Severity.HIGH),
  CLASSIFICATION("classification", null),
  ORDINARY("ordinary", null),
  UNKNOWN("unknown", null);

  private final String wireName;
  private final Severity presence;

  PrivacyClass(String wireName, Severity presence) {
    this.wireName = wireName;
    this.presence = presence;
  }

  public String wireName() {
    return wireName;
  }

  /** Severity of {@code privacy_analytics_present} for this class, or null when it is not one. */
  public Severity presenceSeverity() {
    return presence;
  }

  public static PrivacyClass of(String wire) {
    for (PrivacyClass c : values()) {
      if (c.wireName.equals(wire)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown privacy class '" + wire + "'");
  }
}
