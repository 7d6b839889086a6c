package io.vigie.policy;

import io.vigie.facts.EvidenceRecord;
import java.util.Map;

/**
 * The evidence record of one window step: the journal line's content, as {@code window_event} with
 * the window as subject. The service writes it at the step, and the journal check at start looks
 * for the same record in the chain, so the two must come from this one mapping.
 */
final class WindowEvidence {
  private WindowEvidence() {}

  static EvidenceRecord of(JournalEntry e) {
    Map<String, Object> fields = WindowJson.entry(e);
    return new EvidenceRecord(
        "window_event", Window.nanosOf(e.event().at()), e.event().window(), fields);
  }
}
