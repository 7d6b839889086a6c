package io.vigie.policy;

import java.io.IOException;
import java.util.List;

/**
 * Where window steps are kept so that the windows survive a restart. Append-only: the service
 * rebuilds its state by folding {@link #readAll()} in order. {@code JsonLinesWindowJournal} keeps
 * it in a file; the evidence store may implement it as well.
 *
 * <pre>{@code
 * WindowJournal journal = new JsonLinesWindowJournal(Path.of("/var/lib/vigie/windows.jsonl"));
 * }</pre>
 */
public interface WindowJournal {
  /** Appends one entry durably before returning; an I/O failure is thrown unchecked. */
  void append(JournalEntry entry);

  /** Every entry, oldest first. */
  List<JournalEntry> readAll() throws IOException;

  /** A journal that keeps nothing, for tests and replay. */
  WindowJournal NONE =
      new WindowJournal() {
        @Override
        public void append(JournalEntry entry) {}

        @Override
        public List<JournalEntry> readAll() {
          return List.of();
        }
      };
}
