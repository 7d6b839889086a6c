package io.vigie.protocol;

/**
 * A login seen in the session: the user name, and the protocol that carried a password in clear
 * text (telnet, ftp, http Basic, mqtt, dahua). The secret itself is never read into a record.
 *
 * @param clearProtocol the protocol when a password crossed the wire unencrypted, else null
 * @param user the user name, when the protocol says it
 */
public record LoginDetails(String clearProtocol, String user) implements ProtocolDetail {
  public static final DetailKind<LoginDetails> KIND =
      new DetailKind<>(LoginDetails.class, new LoginDetails(null, null), LoginDetails::from);

  static LoginDetails from(SessionAttrs a) {
    String clear = a.clearPassword ? a.clearLoginProtocol : null;
    return clear == null && a.loginUser == null ? null : new LoginDetails(clear, a.loginUser);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("clear_login", clearProtocol);
    w.string("login_user", user);
  }
}
