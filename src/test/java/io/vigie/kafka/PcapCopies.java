package io.vigie.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A long capture made of copies of a short one (classic little-endian pcap), each copy shifted by
 * an hour: every copy's notices get their own ids (ids come from packet time) and the flows of a
 * copy expire when the next one starts, so a replay publishes copy by copy.
 */
final class PcapCopies {
  static final long SHIFT_SECONDS = 3_600;
  private final byte[] header;
  private final List<byte[]> records = new ArrayList<>();

  PcapCopies(Path pcap) throws IOException {
    byte[] all = Files.readAllBytes(pcap);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0xa1b2c3d4) {
      throw new IOException(pcap + ": not a little-endian classic pcap");
    }
    header = java.util.Arrays.copyOf(all, 24);
    int at = 24;
    while (at + 16 <= all.length) {
      int incl = b.getInt(at + 8);
      records.add(java.util.Arrays.copyOfRange(all, at, at + 16 + incl));
      at += 16 + incl;
    }
  }

  void header(OutputStream out) throws IOException {
    out.write(header);
  }

  /** Writes copy {@code n} (0: the capture as it is). */
  void copy(OutputStream out, int n) throws IOException {
    for (byte[] r : records) {
      byte[] c = r.clone();
      ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(0, (int) (b.getInt(0) + n * SHIFT_SECONDS));
      out.write(c);
    }
  }
}
