package io.vigie.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A camera account, read from a password file. {@link #toString()} never shows the password, so
 * that no log line or exception message can carry it.
 */
public record Credentials(String username, String password) {
  public static final Credentials NONE = new Credentials(null, null);

  /**
   * Reads the first line of {@code file}; a missing or empty file is a {@code credentials} poll
   * error.
   */
  public static Credentials read(String username, Path file) throws PollException {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      String pw = (nl < 0 ? s : s.substring(0, nl)).strip();
      if (pw.isEmpty()) {
        throw new PollException(PollErrorType.CREDENTIALS, "password file " + file + " is empty");
      }
      return new Credentials(username, pw);
    } catch (IOException e) {
      throw new PollException(PollErrorType.CREDENTIALS, "cannot read password file " + file);
    }
  }

  public boolean present() {
    return username != null;
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
