package io.vigie.capture;

/** A packet source that cannot be opened or cannot go on; the message is meant for a person. */
public class CaptureException extends Exception {
  public CaptureException(String message) {
    super(message);
  }

  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
