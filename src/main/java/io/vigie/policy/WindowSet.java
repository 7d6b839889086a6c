package io.vigie.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of windows, in id order: what the judge reads. The daemon takes a fresh
 * snapshot from {@link WindowService#snapshot()} after each step; replay loads one from a windows
 * file with {@code WindowsFile#load}.
 *
 * <pre>{@code
 * WindowSet set = WindowSet.of(List.of(w1, w2));
 * Optional<Window> w = set.windowExpecting(new CameraChange("cam-001", "5.7.3", null, List.of()), now);
 * }</pre>
 */
public final class WindowSet {
  public static final WindowSet EMPTY = new WindowSet(List.of());

  private final List<Window> windows;
  private final Map<String, Window> byId;

  private WindowSet(List<Window> sorted) {
    this.windows = List.copyOf(sorted);
    Map<String, Window> m = new LinkedHashMap<>();
    for (Window w : windows) {
      if (m.put(w.id(), w) != null) {
        throw new IllegalArgumentException("window id '" + w.id() + "' is used twice");
      }
    }
    this.byId = m;
  }

  public static WindowSet of(Collection<Window> windows) {
    List<Window> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparing(Window::id));
    return new WindowSet(sorted);
  }

  public List<Window> all() {
    return windows;
  }

  public Optional<Window> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return windows.size();
  }

  /**
   * The window, active at {@code at}, that expects {@code change} (see {@link
   * ExpectedChange#covers}); the one ending last if several do.
   */
  public Optional<Window> windowExpecting(CameraChange change, Instant at) {
    Window best = null;
    for (Window w : windows) {
      if (w.stateAt(at) != WindowState.ACTIVE || w.cutoff().compareTo(at) <= 0) {
        continue;
      }
      for (ExpectedChange e : w.terms().expectedChanges()) {
        if (e.covers(change) && (best == null || w.cutoff().isAfter(best.cutoff()))) {
          best = w;
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
