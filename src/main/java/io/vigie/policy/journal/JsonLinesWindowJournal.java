package io.vigie.policy.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.journal.JsonLinesAppender;
import io.vigie.policy.JournalEntry;
import io.vigie.policy.WindowJournal;
import io.vigie.policy.WindowJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The window journal as an append-only JSON Lines file, one {@link WindowJson#entry} per line,
 * forced to disk after each append (window steps are rare and must not be lost).
 *
 * <pre>{@code
 * WindowJournal journal = new JsonLinesWindowJournal(dataDir.resolve("windows.jsonl"));
 * }</pre>
 *
 * <p>A last line without its newline is what a crash in the middle of an append leaves; it is
 * ignored on reading (the step had not returned, so nobody was told it happened). Any other bad
 * line is refused with the file and line number.
 */
public final class JsonLinesWindowJournal implements WindowJournal {
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  public JsonLinesWindowJournal(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void append(JournalEntry entry) {
    try {
      JsonLinesAppender.append(file, json.writeValueAsString(WindowJson.entry(entry)));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot append to the window journal", e);
    }
  }

  @Override
  public synchronized List<JournalEntry> readAll() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<JournalEntry> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    // The element after the last newline is "" for a complete file, a torn line otherwise.
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        JsonNode n = json.readTree(lines[i]);
        out.add(JournalLines.parseEntry(n));
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            file + ":" + (i + 1) + ": bad window journal line: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
