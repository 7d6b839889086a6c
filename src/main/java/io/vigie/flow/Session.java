package io.vigie.flow;

import io.vigie.net.App;
import io.vigie.protocol.SessionDetails;
import java.util.List;

/**
 * A finished flow, as reported in replay JSON, judged by policy and kept as evidence.
 *
 * <p>Built once per flow when it ends. The later pipeline stages fill what they decide with the
 * {@code with...} methods (site classification, then verdict).
 *
 * @param startNanos first packet, nanoseconds since the epoch
 * @param endNanos last packet
 * @param proto "tcp", "udp", "icmp", "icmpv6" or the protocol number
 * @param origName device name or learnt DNS name of the originator, or null
 * @param respName likewise for the responder
 * @param endReason why the flow ended: fin, rst, idle, active, evicted, end
 * @param details the detail record of each protocol recognised; never a credential
 * @param verdict "authorised", a violation reason, or null when not judged
 * @param window ID of the maintenance window that covers (or was outlived by) the session, or null
 */
public record Session(
    long startNanos,
    long endNanos,
    String proto,
    String origH,
    int origP,
    String respH,
    int respP,
    String communityId,
    App app,
    long origBytes,
    long respBytes,
    long origPkts,
    long respPkts,
    Direction direction,
    boolean vendor,
    String origName,
    String respName,
    String endReason,
    SessionDetails details,
    String verdict,
    String window) {

  public Session {
    details = details == null ? SessionDetails.NONE : details;
  }

  /** Every protocol recognised in the session, its app first. */
  public List<App> apps() {
    if (details.otherApps().isEmpty()) {
      return List.of(app);
    }
    List<App> all = new java.util.ArrayList<>(1 + details.otherApps().size());
    all.add(app);
    for (App a : details.otherApps()) {
      if (a != app) {
        all.add(a);
      }
    }
    return all;
  }

  public double durationSeconds() {
    return (endNanos - startNanos) / 1e9;
  }

  public Session withSite(Direction direction, boolean vendor, String origName, String respName) {
    return new Session(
        startNanos,
        endNanos,
        proto,
        origH,
        origP,
        respH,
        respP,
        communityId,
        app,
        origBytes,
        respBytes,
        origPkts,
        respPkts,
        direction,
        vendor,
        origName,
        respName,
        endReason,
        details,
        verdict,
        window);
  }

  public Session withVerdict(String verdict, String window) {
    return new Session(
        startNanos,
        endNanos,
        proto,
        origH,
        origP,
        respH,
        respP,
        communityId,
        app,
        origBytes,
        respBytes,
        origPkts,
        respPkts,
        direction,
        vendor,
        origName,
        respName,
        endReason,
        details,
        verdict,
        window);
  }
}
