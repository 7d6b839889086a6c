package io.vigie.gate;

import io.vigie.config.GateConfig;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.net.IpAddress;
import io.vigie.policy.Scope;
import io.vigie.policy.Verdicts;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import io.vigie.policy.WindowState;
import java.time.Instant;
import java.util.List;

/**
 * The gate's policy, a pure function: may {@code identity}, connecting from {@code peer}, reach
 * {@code target} by {@code app} at {@code now}?
 *
 * <pre>{@code
 * Decision d = Admission.decide(windows.snapshot(), identity, target, App.SSH, "203.0.113.7", clock.instant());
 * if (!d.admitted()) refuse(d.reason(), d.message());
 * }</pre>
 *
 * <p>A window covers the connection when it is {@code active} at {@code now} (approved, inside its
 * hours, not revoked), it was requested by one of the identity's {@code requesters}, the target is
 * one of its devices (by name) or inside one of its subnets, the application is allowed, and the
 * peer address is inside one of its address-like endpoints when it lists any (DNS-name endpoints
 * cannot be checked at the gate and do not restrict it). Among covering windows the one ending last
 * is taken. Otherwise the most telling reason is given, in the order of the {@code Judge}: {@code
 * app_not_allowed}, the state of a full-scope window ({@code window_revoked}...), {@code
 * endpoint_out_of_scope}, {@code device_out_of_scope}, {@code no_window}. A window that has ended
 * ({@code expired}) is {@code no_window}: the vendor needs a new window, not other hours.
 */
public final class Admission {
  private Admission() {}

  private enum Fit {
    DEVICE_OUT,
    ENDPOINT_OUT,
    APP_OUT,
    FULL
  }

  public static Decision decide(
      WindowSet windows,
      GateConfig.Identity identity,
      GateConfig.Target target,
      App app,
      String peer,
      Instant now) {
    Window best = null;
    Window appOut = null;
    Window stateOut = null;
    Window endpointOut = null;
    Window deviceOut = null;
    for (Window w : windows.all()) {
      if (!identity.requesters().contains(w.terms().requester())) {
        continue;
      }
      WindowState st = w.stateAt(now);
      if (st == WindowState.NOT_YET_REQUESTED) {
        continue;
      }
      boolean active = st == WindowState.ACTIVE && w.cutoff().isAfter(now);
      Fit fit = fit(w.terms().scope(), target, app, peer);
      if (fit == Fit.FULL) {
        if (active) {
          best = best == null || w.cutoff().isAfter(best.cutoff()) ? w : best;
        } else {
          // An ended window tells the least: any other state of a full-scope window says more.
          stateOut =
              stateOut == null || stateOut.stateAt(now) == WindowState.EXPIRED ? w : stateOut;
        }
      } else if (active && fit == Fit.APP_OUT) {
        appOut = appOut == null ? w : appOut;
      } else if (active && fit == Fit.ENDPOINT_OUT) {
        endpointOut = endpointOut == null ? w : endpointOut;
      } else if (active) {
        deviceOut = deviceOut == null ? w : deviceOut;
      }
    }
    String who = identity.name() + " to " + target.name() + " by " + app.wireName();
    if (best != null) {
      return Decision.admit(best);
    }
    if (appOut != null) {
      return Decision.refuse(
          Verdicts.APP_NOT_ALLOWED,
          who + ": window " + appOut.id() + " does not allow " + app.wireName());
    }
    // A window that has ended is no window any more: the vendor needs a new one, not other hours.
    if (stateOut != null && stateOut.stateAt(now) == WindowState.EXPIRED) {
      return Decision.refuse(
          Verdicts.NO_WINDOW,
          who
              + ": no maintenance window (window "
              + stateOut.id()
              + " ended "
              + stateOut.activeEnd()
              + ")");
    }
    if (stateOut != null) {
      WindowState st = stateOut.stateAt(now);
      String reason =
          switch (st) {
            case REVOKED -> Verdicts.WINDOW_REVOKED;
            case REJECTED -> Verdicts.WINDOW_REJECTED;
            case LAPSED -> Verdicts.WINDOW_LAPSED;
            case REQUESTED -> Verdicts.WINDOW_NOT_APPROVED;
            default -> Verdicts.OUTSIDE_WINDOW_HOURS;
          };
      return Decision.refuse(
          reason,
          who
              + ": window "
              + stateOut.id()
              + " is "
              + st.wireName()
              + " (runs "
              + stateOut.activeStart()
              + " to "
              + stateOut.activeEnd()
              + ")");
    }
    if (endpointOut != null) {
      return Decision.refuse(
          Verdicts.ENDPOINT_OUT_OF_SCOPE,
          who + ": address " + peer + " is outside the endpoints of window " + endpointOut.id());
    }
    if (deviceOut != null) {
      return Decision.refuse(
          Verdicts.DEVICE_OUT_OF_SCOPE,
          who + ": " + target.name() + " is outside the scope of window " + deviceOut.id());
    }
    return Decision.refuse(Verdicts.NO_WINDOW, who + ": no maintenance window");
  }

  private static Fit fit(Scope scope, GateConfig.Target target, App app, String peer) {
    if (!scope.devices().contains(target.name()) && !inAny(scope.subnets(), target.address())) {
      return Fit.DEVICE_OUT;
    }
    List<Cidr> blocks =
        scope.endpoints().stream().filter(Admission::addressLike).map(Cidr::parse).toList();
    if (!blocks.isEmpty() && !inAny(blocks, peer)) {
      return Fit.ENDPOINT_OUT;
    }
    return scope.apps().contains(app) ? Fit.FULL : Fit.APP_OUT;
  }

  private static boolean addressLike(String e) {
    return e.indexOf(':') >= 0
        || e.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '/');
  }

  private static boolean inAny(List<Cidr> blocks, String address) {
    IpAddress.Parsed a;
    try {
      a = IpAddress.parse(address);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
    for (Cidr c : blocks) {
      if (c.contains(a.version(), a.hi(), a.lo())) {
        return true;
      }
    }
    return false;
  }
}
