package io.vigie.notify;

import java.io.IOException;
import java.util.List;

/** Sends one plain-text mail; ours, so that only one class knows the mail library. */
public interface Mailer {
  /** Sends now or throws: the caller retries. */
  void send(List<String> to, String subject, String body) throws IOException;
}
