package io.vigie.policy;

/**
 * One line of the window journal: an event, and for {@code requested} events the window's terms.
 *
 * @param event the step
 * @param terms the terms of the window, present only on its {@code requested} event
 */
public record JournalEntry(WindowEvent event, WindowTerms terms) {
  public JournalEntry {
    if (event == null) {
      throw new IllegalArgumentException("journal entry without an event");
    }
    if ((event.type() == WindowEvent.Type.REQUESTED) != (terms != null)) {
      throw new IllegalArgumentException("terms go with the requested event, and only with it");
    }
  }
}
