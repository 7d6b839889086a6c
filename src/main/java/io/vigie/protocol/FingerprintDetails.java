package io.vigie.protocol;

/**
 * Client and server fingerprints of the handshakes seen in clear: HASSH of each SSH KEXINIT
 * (Salesforce) and JA4/JA4S of the TLS hellos (FoxIO). They tell the vendor's tools from the city's
 * own, even behind NAT, with no decryption.
 */
public record FingerprintDetails(String hassh, String hasshServer, String ja4, String ja4s)
    implements ProtocolDetail {
  public static final DetailKind<FingerprintDetails> KIND =
      new DetailKind<>(
          FingerprintDetails.class,
          new FingerprintDetails(null, null, null, null),
          FingerprintDetails::from);

  static FingerprintDetails from(SessionAttrs a) {
    return a.hassh == null && a.hasshServer == null && a.ja4 == null && a.ja4s == null
        ? null
        : new FingerprintDetails(a.hassh, a.hasshServer, a.ja4, a.ja4s);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("hassh", hassh);
    w.string("hassh_server", hasshServer);
    w.string("ja4", ja4);
    w.string("ja4s", ja4s);
  }
}
