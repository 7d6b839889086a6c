package io.vigie.protocol;

/**
 * TLS: what the handshake says in clear.
 *
 * @param sni server name of the ClientHello, or null
 * @param version negotiated version ("1.3"), or null
 * @param alpn the ALPN protocol offered first, or null
 */
public record TlsDetails(String sni, String version, String alpn) implements ProtocolDetail {
  public static final DetailKind<TlsDetails> KIND =
      new DetailKind<>(TlsDetails.class, new TlsDetails(null, null, null), TlsDetails::from);

  static TlsDetails from(SessionAttrs a) {
    return a.sni == null && a.tlsVersion == null && a.alpn == null
        ? null
        : new TlsDetails(a.sni, a.tlsVersion, a.alpn);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("sni", sni);
    w.string("tls_version", version);
    w.string("alpn", alpn);
  }
}
