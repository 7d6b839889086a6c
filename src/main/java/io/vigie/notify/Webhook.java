package io.vigie.notify;

import java.io.IOException;

/** Posts one event to a chat tool; ours, so the HTTP client stays in one class. */
public interface Webhook {
  /** Posts now or throws: the caller retries. */
  void post(Event e) throws IOException;
}
