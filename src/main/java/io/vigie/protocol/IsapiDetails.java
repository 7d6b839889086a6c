package io.vigie.protocol;

import java.util.List;

/**
 * Hikvision ISAPI, carried by HTTP: {@code METHOD /ISAPI/path} of each call, without query (first
 * 20).
 */
public record IsapiDetails(List<String> paths) implements ProtocolDetail {
  public static final DetailKind<IsapiDetails> KIND =
      new DetailKind<>(IsapiDetails.class, new IsapiDetails(List.of()), IsapiDetails::from);

  public IsapiDetails {
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  static IsapiDetails from(SessionAttrs a) {
    return a.isapiPaths.isEmpty() ? null : new IsapiDetails(a.isapiPaths);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.strings("isapi_paths", paths);
  }
}
