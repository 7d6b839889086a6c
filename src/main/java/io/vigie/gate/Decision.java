package io.vigie.gate;

import io.vigie.policy.Window;

/**
 * Whether a connection may pass: the covering window, or a refusal reason (a verdict name such as
 * {@code no_window}, {@code app_not_allowed}) and a sentence for a person.
 */
public record Decision(Window window, String reason, String message) {
  public boolean admitted() {
    return window != null;
  }

  static Decision admit(Window w) {
    return new Decision(w, null, "window " + w.id());
  }

  static Decision refuse(String reason, String message) {
    return new Decision(null, reason, message);
  }
}
