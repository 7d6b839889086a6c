package io.vigie.protocol;

/**
 * SSH: the identification strings of both ends (RFC 4253 section 4.2).
 *
 * @param client the client's {@code SSH-2.0-...} line, or null
 * @param server the server's, or null
 */
public record SshDetails(String client, String server) implements ProtocolDetail {
  public static final DetailKind<SshDetails> KIND =
      new DetailKind<>(SshDetails.class, new SshDetails(null, null), SshDetails::from);

  static SshDetails from(SessionAttrs a) {
    return a.sshClient == null && a.sshServer == null
        ? null
        : new SshDetails(a.sshClient, a.sshServer);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("ssh_client", client);
    w.string("ssh_server", server);
  }
}
