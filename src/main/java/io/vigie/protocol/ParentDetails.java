package io.vigie.protocol;

/**
 * A flow announced by another: ftp-data by its FTP control session, a TFTP transfer by its request,
 * RTP by its RTSP SETUP.
 *
 * @param parent Community ID of the announcing session
 */
public record ParentDetails(String parent) implements ProtocolDetail {
  public static final DetailKind<ParentDetails> KIND =
      new DetailKind<>(
          ParentDetails.class,
          new ParentDetails(null),
          a -> a.parent == null ? null : new ParentDetails(a.parent));

  @Override
  public void writeTo(FieldWriter w) {
    w.string("parent", parent);
  }
}
