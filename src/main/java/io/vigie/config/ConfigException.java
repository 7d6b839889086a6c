package io.vigie.config;

/**
 * A configuration that is refused. The message names the file, the line and the key, and is meant
 * to be printed as it is, without a stack trace.
 */
public class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
