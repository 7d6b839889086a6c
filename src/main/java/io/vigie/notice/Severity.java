package io.vigie.notice;

/** Severity of a notice; names are a JSON and metric-label contract. */
public enum Severity {
  INFO("info"),
  WARNING("warning"),
  HIGH("high"),
  CRITICAL("critical");

  private final String wireName;

  Severity(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
