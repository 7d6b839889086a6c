package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prometheus.client.CollectorRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code vigie_hub_windows_*}: read from the feed's state at each scrape, nothing cached. */
class HubWindowsCollectorTest {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final AtomicReference<HubWindowsState> state = new AtomicReference<>();

  HubWindowsCollectorTest() {
    new VigieMetrics(registry, "test", Clock.systemUTC()).watchHubWindows(state::get);
  }

  @Test
  void neverHeardIsStaleWithNoHeartbeatTimeOrAge() {
    state.set(new HubWindowsState(0, 0, 0, Map.of("unsigned", 0L), true, Double.NaN, 1.8e9));
    Exposition e = Exposition.scrape(registry);
    assertEquals(1.0, e.get("vigie_hub_windows_stale"));
    assertEquals(0.0, e.get("vigie_hub_windows_published"));
    // Absent, not 0: a 0 timestamp would read as "heard in 1970" and an age of 0 as "just heard".
    assertNull(e.get("vigie_hub_windows_last_heartbeat_timestamp_seconds"), e.text());
    assertNull(e.get("vigie_hub_windows_heartbeat_age_seconds"), e.text());
  }

  @Test
  void heardThenSilentShowsTheAgeGrowAndTheCountersByReason() {
    state.set(
        new HubWindowsState(
            2, 4, 10, Map.of("unsigned", 0L, "bad_signature", 0L), false, 1.8e9, 1.8e9 + 3));
    Exposition e = Exposition.scrape(registry);
    assertEquals(0.0, e.get("vigie_hub_windows_stale"));
    assertEquals(3.0, e.get("vigie_hub_windows_heartbeat_age_seconds"));
    assertEquals(1.8e9, e.get("vigie_hub_windows_last_heartbeat_timestamp_seconds"));
    assertEquals(0.0, e.get("vigie_hub_windows_ignored_total{reason=\"bad_signature\",}"));

    state.set(
        new HubWindowsState(
            2, 4, 10, Map.of("unsigned", 0L, "bad_signature", 1L), true, 1.8e9, 1.8e9 + 400));
    e = Exposition.scrape(registry);
    assertEquals(1.0, e.get("vigie_hub_windows_stale"));
    assertEquals(400.0, e.get("vigie_hub_windows_heartbeat_age_seconds"));
    assertEquals(1.0, e.get("vigie_hub_windows_ignored_total{reason=\"bad_signature\",}"));
    assertEquals(4.0, e.get("vigie_hub_windows_accepted_total"));
    assertEquals(10.0, e.get("vigie_hub_windows_heartbeats_total"));
  }
}
