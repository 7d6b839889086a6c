package io.vigie.directory;

/**
 * The directory could not be asked (down, TLS refused, a timeout, the service account refused). It
 * says nothing about the person's password; the message names no secret.
 */
public final class DirectoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public DirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
