package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.output.FieldMap;
import io.vigie.output.SessionJson;

/**
 * A finished session as an evidence record: kind {@code session}, subject its Community ID, fields
 * exactly as {@code replay --json} writes them ({@link SessionJson}), nulls left out.
 *
 * <p>Stores written before the one schema (up to cc30977) hold {@code ts} as decimal seconds,
 * {@code duration} rounded half-up and no {@code apps}; readers take the time from the record's
 * row, never from {@code ts}, so both forms read alike and their hashes stay as written.
 */
public final class SessionRecords {
  private SessionRecords() {}

  /** Applications that administer a device: their sessions are kept wherever they run. */
  private static final java.util.Set<App> MAINTENANCE =
      java.util.EnumSet.of(
          App.SSH, App.TELNET, App.RDP, App.VNC, App.FTP, App.FTP_DATA, App.TFTP, App.SMB);

  /**
   * Whether a session is worth keeping as evidence: the vendor's, egress to or ingress from outside
   * the video networks, or a maintenance protocol anywhere. Routine internal traffic (the VMS
   * pulling video, NTP, DNS inside) is not.
   */
  public static boolean ofInterest(Session s) {
    return s.vendor()
        || s.direction() == Direction.OUTBOUND
        || s.direction() == Direction.INBOUND
        || (s.app() != null && MAINTENANCE.contains(s.app()));
  }

  public static EvidenceRecord of(Session s) {
    FieldMap f = FieldMap.withoutNulls();
    SessionJson.writeFields(s, f);
    return new EvidenceRecord("session", s.startNanos(), s.communityId(), f.fields());
  }
}
