package io.vigie.protocol;

/** DNS: the name asked by the first query. */
public record DnsDetails(String query) implements ProtocolDetail {
  public static final DetailKind<DnsDetails> KIND =
      new DetailKind<>(
          DnsDetails.class,
          new DnsDetails(null),
          a -> a.dnsQuery == null ? null : new DnsDetails(a.dnsQuery));

  @Override
  public void writeTo(FieldWriter w) {
    w.string("dns_query", query);
  }
}
