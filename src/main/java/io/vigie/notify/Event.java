package io.vigie.notify;

import java.util.List;
import java.util.Set;

/**
 * One thing people are told about: a window step or a critical notice.
 *
 * @param kind stable name, also the webhook's {@code event} field: {@code window_requested}, {@code
 *     approval_needed}, {@code window_approved}, {@code window_started}, {@code window_ended},
 *     {@code window_revoked}, {@code critical_notice}
 * @param subject the mail's subject line (one line)
 * @param lines the text, one line each
 * @param roles the roles whose addresses receive it
 * @param link the page to open
 * @param window the window id, or null
 */
public record Event(
    String kind,
    String subject,
    List<String> lines,
    Set<String> roles,
    String link,
    String window) {
  public Event {
    // A subject with a line break would inject headers: the mail library folds, but we never
    // hand it one.
    subject = subject.replaceAll("[\\r\\n]+", " ");
    lines = List.copyOf(lines);
    roles = Set.copyOf(roles);
  }

  /** The mail's body: the lines, then the link. */
  public String body() {
    return String.join("\n", lines) + "\n\n" + link + "\n";
  }
}
