package io.vigie.firmware;

/** A typed failure of one ONVIF exchange; never carries a credential in its message. */
public final class PollException extends Exception {
  private final PollErrorType type;
  private final transient SoapFault fault;

  public PollException(PollErrorType type, String message) {
    this(type, message, null);
  }

  public PollException(PollErrorType type, String message, SoapFault fault) {
    super(message, null, false, false);
    this.type = type;
    this.fault = fault;
  }

  public PollErrorType type() {
    return type;
  }

  /** The fault when {@link #type()} is {@code FAULT}, else null. */
  public SoapFault fault() {
    return fault;
  }
}
