package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KeyValueFormatterTest {
  private final KeyValueFormatter f = new KeyValueFormatter();

  private static LogRecord record(Level level, String msg, Object... params) {
    LogRecord r = new LogRecord(level, msg);
    r.setLoggerName("io.vigie.test");
    r.setInstant(java.time.Instant.ofEpochMilli(1_795_000_000_123L));
    r.setParameters(params);
    return r;
  }

  @Test
  void ourEventsStayKeyValueOnOneLine() {
    String line = f.format(record(Level.INFO, "event=started capture=eth1"));
    assertEquals(
        "ts=2026-11-18T11:06:40.123Z level=INFO thread="
            + Thread.currentThread().getName()
            + " logger=io.vigie.test event=started capture=eth1\n",
        line);
  }

  @Test
  void otherMessagesAreQuotedAndTheirParametersFilledIn() {
    String line = f.format(record(Level.WARNING, "a \"quoted\" {0}\nsecond line", "word"));
    assertTrue(line.endsWith(" msg=\"a \\\"quoted\\\" word second line\"\n"), line);
    assertEquals(1, line.chars().filter(c -> c == '\n').count());
  }

  @Test
  void anExceptionAddsItsClassAndMessageNotAStackTrace() {
    LogRecord r = record(Level.SEVERE, "event=capture_failed");
    r.setThrown(new IOException("eth1 went away"));
    String line = f.format(r);
    assertTrue(
        line.contains(" exception=java.io.IOException exception_msg=\"eth1 went away\" at=\""),
        line);
    assertEquals(1, line.chars().filter(c -> c == '\n').count());
  }
}
