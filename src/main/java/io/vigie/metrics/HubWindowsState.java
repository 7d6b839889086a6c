package io.vigie.metrics;

import java.util.Map;

/**
 * A sensor's {@code windows.from_hub} feed at scrape time ({@code vigie_hub_windows_*}), read from
 * the feed's own counters.
 *
 * <pre>{@code
 * metrics.watchHubWindows(() -> new HubWindowsState(hub.published().size(), hub.accepted(),
 *     hub.heartbeats(), ignoredByReason, hub.stale(), lastHeardSeconds, nowSeconds));
 * }</pre>
 *
 * @param windows windows read from the hub's topic (the latest version of each)
 * @param accepted window records accepted (signed by the hub, passing this site's quorum)
 * @param heartbeats signed heartbeats read
 * @param ignoredByReason records ignored, by reason ({@code unsigned}, {@code bad_signature}...);
 *     every reason the feed knows, at 0 when none
 * @param stale whether the hub windows are closed for silence (failed closed)
 * @param lastHeartbeatEpochSeconds when the hub was last heard (sensor-bounded), NaN if never
 * @param nowEpochSeconds the sensor's clock at the scrape, for the heartbeat's age
 */
public record HubWindowsState(
    long windows,
    long accepted,
    long heartbeats,
    Map<String, Long> ignoredByReason,
    boolean stale,
    double lastHeartbeatEpochSeconds,
    double nowEpochSeconds) {
  public HubWindowsState {
    ignoredByReason = Map.copyOf(ignoredByReason);
  }
}
