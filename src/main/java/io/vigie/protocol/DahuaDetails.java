package io.vigie.protocol;

import java.util.List;

/**
 * Dahua: the DHIP methods called, or the P2P cloud's requests, in order of first use (first 20).
 */
public record DahuaDetails(List<String> methods) implements ProtocolDetail {
  public static final DetailKind<DahuaDetails> KIND =
      new DetailKind<>(DahuaDetails.class, new DahuaDetails(List.of()), DahuaDetails::from);

  public DahuaDetails {
    methods = methods == null ? List.of() : List.copyOf(methods);
  }

  static DahuaDetails from(SessionAttrs a) {
    return a.dahuaMethods.isEmpty() ? null : new DahuaDetails(a.dahuaMethods);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.strings("dahua_methods", methods);
  }
}
