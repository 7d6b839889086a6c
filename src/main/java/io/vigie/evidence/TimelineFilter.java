package io.vigie.evidence;

/**
 * Which records a timeline or an export shows.
 *
 * @param fromNanos first time included, or null
 * @param toNanos first time excluded, or null
 * @param window a maintenance window ID: records about it (subject) or carrying it ({@code window})
 * @param device a device name: sessions whose {@code orig_name}/{@code resp_name} it is, records
 *     whose subject or {@code camera} it is
 * @param internal include the store's own records (keys, checkpoints, openings)
 */
public record TimelineFilter(
    Long fromNanos, Long toNanos, String window, String device, boolean internal) {
  public static final TimelineFilter ALL = new TimelineFilter(null, null, null, null, false);

  public TimelineFilter {
    if (fromNanos != null && toNanos != null && toNanos < fromNanos) {
      throw new IllegalArgumentException("--to is before --from");
    }
  }
}
