package io.vigie.protocol;

/**
 * TFTP: the request (RFC 1350), on the request flow and inherited by its transfer flow.
 *
 * @param op "read" or "write"
 * @param file the file named by the request
 */
public record TftpDetails(String op, String file) implements ProtocolDetail {
  public static final DetailKind<TftpDetails> KIND =
      new DetailKind<>(TftpDetails.class, new TftpDetails(null, null), TftpDetails::from);

  static TftpDetails from(SessionAttrs a) {
    return a.tftpOp == null && a.tftpFile == null ? null : new TftpDetails(a.tftpOp, a.tftpFile);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("tftp_op", op);
    w.string("tftp_file", file);
  }
}
