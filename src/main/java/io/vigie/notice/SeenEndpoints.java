package io.vigie.notice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of (device, external endpoint) pairs already seen, for {@code
 * new_external_endpoint}. When full, the pair seen least recently is forgotten (and would be "new"
 * again); the memory starts empty at each start of the daemon or replay.
 *
 * <pre>{@code
 * SeenEndpoints seen = new SeenEndpoints(100_000);
 * if (seen.firstSeen("10.20.1.1", "198.51.100.7")) { raise new_external_endpoint }
 * }</pre>
 *
 * <p>Not thread-safe: it belongs to the pipeline thread.
 */
public final class SeenEndpoints {
  private final Map<String, Boolean> seen;

  public SeenEndpoints(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records the pair; true if it was not remembered before. */
  public boolean firstSeen(String device, String endpoint) {
    return seen.put(device + " " + endpoint, Boolean.TRUE) == null;
  }

  public int size() {
    return seen.size();
  }
}
