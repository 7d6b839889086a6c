package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line buffer starts small and grows: long lines are read whole, fed in pieces or not. */
class TextMessageParserTest {
  private final List<String> lines = new ArrayList<>();

  private final TextMessageParser.Listener listener =
      new TextMessageParser.Listener() {
        @Override
        public boolean startLine(byte[] b, int off, int len, boolean request) {
          lines.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
          return true;
        }

        @Override
        public void header(byte[] b, int nameOff, int nameEnd, int valueOff, int valueEnd) {
          lines.add(
              new String(b, nameOff, nameEnd - nameOff, StandardCharsets.ISO_8859_1)
                  + "="
                  + new String(b, valueOff, valueEnd - valueOff, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void headersEnd(boolean hasBody) {}

        @Override
        public void body(byte[] b, int off, int len) {}

        @Override
        public void messageEnd() {}
      };

  @Test
  void aLineLongerThanTheFirstBufferIsReadWholeInOneFeedOrByteByByte() {
    String uri = "/onvif/device_service?" + "a".repeat(3000);
    String cookie = "c".repeat(5000);
    byte[] msg =
        ("GET " + uri + " HTTP/1.1\r\nCookie: " + cookie + "\r\nHost: cam\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    List<String> expected = List.of("GET " + uri + " HTTP/1.1", "Cookie=" + cookie, "Host=cam");

    new TextMessageParser(listener, false).feed(msg, 0, msg.length);
    assertEquals(expected, lines);

    lines.clear();
    TextMessageParser bytewise = new TextMessageParser(listener, false);
    for (int i = 0; i < msg.length; i++) {
      bytewise.feed(msg, i, 1);
    }
    assertEquals(expected, lines);
  }
}
