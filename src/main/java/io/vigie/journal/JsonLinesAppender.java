package io.vigie.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line to a JSON-lines journal and forces it to disk before returning, so a step
 * acknowledged to a person is never lost. A torn last line (a crash mid-write), which readers skip,
 * was never acknowledged: it is cut off first, or the next line would be glued to it and the whole
 * journal refused at the next start.
 */
public final class JsonLinesAppender {
  private JsonLinesAppender() {}

  public static void append(Path file, String jsonLine) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = completeLength(ch);
      if (end < ch.size()) {
        ch.truncate(end);
      }
      ByteBuffer buf = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
      long at = end;
      while (buf.hasRemaining()) {
        at += ch.write(buf, at);
      }
      ch.force(false);
    }
  }

  /**
   * Length up to and including the last newline: what follows it is a torn, unacknowledged line.
   */
  private static long completeLength(FileChannel ch) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(4096);
    long pos = ch.size();
    while (pos > 0) {
      int n = (int) Math.min(chunk.capacity(), pos);
      chunk.clear().limit(n);
      long from = pos - n;
      while (chunk.hasRemaining()) {
        if (ch.read(chunk, from + chunk.position()) < 0) {
          break;
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return from + i + 1;
        }
      }
      pos = from;
    }
    return 0;
  }
}
