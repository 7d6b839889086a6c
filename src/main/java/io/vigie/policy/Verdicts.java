package io.vigie.policy;

/**
 * The verdict strings of {@link Judge}: a JSON and metric-label contract (the {@code verdict} field
 * of replay sessions).
 */
public final class Verdicts {
  private Verdicts() {}

  /** A vendor session covered by an approved, active window in whose scope it is. */
  public static final String AUTHORISED = "authorised";

  // Vendor sessions: time and state of the windows (notice vendor_access_outside_window).
  /** No window names this device, endpoint and application. */
  public static final String NO_WINDOW = "no_window";

  /** A window matches, but the session started before its start or after its end. */
  public static final String OUTSIDE_WINDOW_HOURS = "outside_window_hours";

  /** A window matches and covers the time, but its quorum was not complete yet. */
  public static final String WINDOW_NOT_APPROVED = "window_not_approved";

  public static final String WINDOW_REJECTED = "window_rejected";

  /** The window was revoked before the session started. */
  public static final String WINDOW_REVOKED = "window_revoked";

  /** The window was never approved and lapsed before the session started. */
  public static final String WINDOW_LAPSED = "window_lapsed";

  // Vendor sessions: scope of an active window (notice vendor_access_out_of_scope).
  public static final String DEVICE_OUT_OF_SCOPE = "device_out_of_scope";
  public static final String ENDPOINT_OUT_OF_SCOPE = "endpoint_out_of_scope";
  public static final String APP_NOT_ALLOWED = "app_not_allowed";

  /** Authorised at its start, but went on past its window's end or revocation. */
  public static final String SESSION_OUTLIVED_WINDOW = "session_outlived_window";

  // Egress: sessions that are not the vendor's.
  public static final String PHONE_HOME = "phone_home";
  public static final String VIDEO_EGRESS = "video_egress";
  public static final String REMOTE_ACCESS = "remote_access";
  public static final String TUNNEL = "tunnel";
}
