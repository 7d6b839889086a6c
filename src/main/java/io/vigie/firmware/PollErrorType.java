package io.vigie.firmware;

/** Why a camera poll failed; names are a JSON and metric-label contract. */
public enum PollErrorType {
  CONNECT("connect"),
  TIMEOUT("timeout"),
  HTTP_STATUS("http_status"),
  AUTH("auth"),
  FAULT("fault"),
  MALFORMED("malformed"),
  TOO_LARGE("too_large"),
  CREDENTIALS("credentials");

  private final String wireName;

  PollErrorType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
