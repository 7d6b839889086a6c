package io.vigie.protocol;

/**
 * RDP: the routing cookie of the X.224 connection request ({@code mstshash=}), often a user name.
 */
public record RdpDetails(String cookie) implements ProtocolDetail {
  public static final DetailKind<RdpDetails> KIND =
      new DetailKind<>(
          RdpDetails.class,
          new RdpDetails(null),
          a -> a.rdpCookie == null ? null : new RdpDetails(a.rdpCookie));

  @Override
  public void writeTo(FieldWriter w) {
    w.string("rdp_cookie", cookie);
  }
}
