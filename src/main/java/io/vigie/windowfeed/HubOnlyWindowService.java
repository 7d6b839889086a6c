package io.vigie.windowfeed;

import io.vigie.policy.Actor;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The window service of a sensor whose windows come from the hub ({@code windows.from_hub}): it
 * shows the hub's windows as the sensor enforces them (closed while the hub is silent) and refuses
 * every step, since windows are requested and approved once, at the hub.
 *
 * <pre>{@code
 * WindowService served = new HubOnlyWindowService(hubWindows);   // the API and the web page
 * served.request(r, vendor);   // PolicyException FORBIDDEN: "windows are approved at the hub ..."
 * }</pre>
 */
public final class HubOnlyWindowService implements WindowService {
  /** What a person asking this sensor for a step is told. */
  public static final String REFUSAL =
      "windows are requested and approved at the city's hub (windows.from_hub): this sensor only"
          + " enforces the hub's decisions; use the hub's API or web page";

  private final Supplier<WindowSet> windows;

  public HubOnlyWindowService(Supplier<WindowSet> windows) {
    this.windows = windows;
  }

  @Override
  public Window request(WindowRequest request, Actor requester) throws PolicyException {
    throw refused();
  }

  @Override
  public Window approve(String id, Actor approver, String reason) throws PolicyException {
    throw refused();
  }

  @Override
  public Window reject(String id, Actor approver, String reason) throws PolicyException {
    throw refused();
  }

  @Override
  public Window revoke(String id, Actor actor, String reason) throws PolicyException {
    throw refused();
  }

  private static PolicyException refused() {
    return new PolicyException(PolicyException.Kind.FORBIDDEN, null, REFUSAL);
  }

  @Override
  public List<Window> list() {
    return windows.get().all();
  }

  @Override
  public Optional<Window> get(String id) {
    return windows.get().get(id);
  }

  @Override
  public WindowSet snapshot() {
    return windows.get();
  }
}
