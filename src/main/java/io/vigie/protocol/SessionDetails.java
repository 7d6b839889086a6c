package io.vigie.protocol;

import io.vigie.net.App;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recognisers learnt about one session: the detail record of each protocol recognised in
 * it, and the protocols spoken besides the session's app. Built once when the flow ends.
 *
 * <pre>{@code
 * String sni = session.details().get(TlsDetails.KIND).sni();   // null when no TLS was seen
 * }</pre>
 *
 * @param otherApps protocols spoken besides the session's app (each side may speak its own)
 * @param recognised at most one record per {@link DetailKind}, in the order of {@link
 *     DetailKinds#ALL}
 */
public record SessionDetails(List<App> otherApps, List<ProtocolDetail> recognised) {
  public static final SessionDetails NONE = new SessionDetails(List.of(), List.of());

  public SessionDetails {
    otherApps = otherApps == null ? List.of() : List.copyOf(otherApps);
    recognised = recognised == null ? List.of() : List.copyOf(recognised);
  }

  /** Called once per flow, at its end: the one place the flow's annotations become records. */
  public static SessionDetails of(SessionAttrs a) {
    List<ProtocolDetail> found = new ArrayList<>(2);
    for (DetailKind<?> k : DetailKinds.ALL) {
      ProtocolDetail d = k.fromAttrs().apply(a);
      if (d != null) {
        found.add(d);
      }
    }
    return new SessionDetails(List.copyOf(a.otherApps), found);
  }

  /** A session's details given directly (tests, benchmarks). */
  public static SessionDetails of(ProtocolDetail... details) {
    return new SessionDetails(List.of(), List.of(details));
  }

  /** The record of that kind, or the kind's absent record (all unknown) when not recognised. */
  public <D extends ProtocolDetail> D get(DetailKind<D> kind) {
    D d = find(kind.type());
    return d == null ? kind.absent() : d;
  }

  public boolean has(DetailKind<?> kind) {
    return find(kind.type()) != null;
  }

  private <D extends ProtocolDetail> D find(Class<D> type) {
    for (ProtocolDetail d : recognised) {
      if (type.isInstance(d)) {
        return type.cast(d);
      }
    }
    return null;
  }
}
