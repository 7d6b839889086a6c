package io.vigie.cli;

/**
 * An error caused by the user's input (a missing file, a bad config): printed as one line, never as
 * a stack trace, and mapped to an exit code.
 */
public class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, 2);
  }

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
