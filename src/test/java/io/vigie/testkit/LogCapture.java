package io.vigie.testkit;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record of the JVM (java.util.logging, every level) while open, formatted as the console
 * prints them: for tests that check what reaches the log, and how often.
 *
 * <pre>{@code
 * try (LogCapture logs = new LogCapture()) {
 *   ...
 *   assertEquals(1, logs.count("event=hub_store_failed"));
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Logger root = Logger.getLogger("");
  private final Level before = root.getLevel();
  private final SimpleFormatter format = new SimpleFormatter();

  public LogCapture() {
    setLevel(Level.ALL);
    root.addHandler(this);
    root.setLevel(Level.ALL);
  }

  @Override
  public void publish(LogRecord r) {
    lines.add(format.format(r));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(before);
  }

  /** Everything logged so far. */
  public String text() {
    return String.join("", lines);
  }

  /** How many records contain {@code text}. */
  public long count(String text) {
    return lines.stream().filter(l -> l.contains(text)).count();
  }
}
