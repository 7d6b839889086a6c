package io.vigie.firmware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything vigie fingerprints about one camera, canonicalised: lists sorted, no passwords.
 *
 * @param users {@code name:level} of each account
 * @param remoteUser the remote user name, "" when none, {@code unsupported} when the camera has no
 *     such operation, {@code refused} when it does not let the audit account ask (same for the
 *     lists)
 * @param analyticsCapabilities attributes of the analytics service's capabilities
 */
public record CameraState(
    DeviceIdentity identity,
    List<AnalyticsItem> analytics,
    Map<String, String> analyticsCapabilities,
    List<String> users,
    String remoteUser,
    List<String> dpAddresses,
    String discoveryMode) {

  public static final String UNSUPPORTED = "unsupported";

  /** The camera answered NotAuthorized to the audit account for this operation. */
  public static final String REFUSED = "refused";

  public CameraState {
    List<AnalyticsItem> a = new ArrayList<>(analytics == null ? List.of() : analytics);
    a.sort(Comparator.comparing(AnalyticsItem::key).thenComparing(i -> i.params().toString()));
    analytics = List.copyOf(a);
    analyticsCapabilities =
        analyticsCapabilities == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(analyticsCapabilities));
    users = sorted(users);
    dpAddresses = sorted(dpAddresses);
    remoteUser = remoteUser == null ? "" : remoteUser;
    discoveryMode = discoveryMode == null ? "" : discoveryMode;
  }

  private static List<String> sorted(List<String> in) {
    List<String> l = new ArrayList<>(in == null ? List.of() : in);
    l.sort(null);
    return List.copyOf(l);
  }
}
