package io.vigie.protocol;

/** VNC: the RFB protocol version the server announced (RFC 6143 section 7.1.1). */
public record VncDetails(String version) implements ProtocolDetail {
  public static final DetailKind<VncDetails> KIND =
      new DetailKind<>(
          VncDetails.class,
          new VncDetails(null),
          a -> a.vncVersion == null ? null : new VncDetails(a.vncVersion));

  @Override
  public void writeTo(FieldWriter w) {
    w.string("vnc_version", version);
  }
}
