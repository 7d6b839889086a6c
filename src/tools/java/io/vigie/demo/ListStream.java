package io.vigie.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A stream over packets already built (a TCP session, a DNS exchange); sorts them by time. */
public final class ListStream implements PacketStream {
  private final List<Packet> packets;
  private int i;

  public ListStream(List<Packet> packets) {
    List<Packet> sorted = new ArrayList<>(packets);
    sorted.sort(Comparator.comparingLong(Packet::tsNanos)); // stable: equal times keep their order
    this.packets = sorted;
  }

  @Override
  public long peekNanos() {
    return i < packets.size() ? packets.get(i).tsNanos() : Long.MAX_VALUE;
  }

  @Override
  public int next(byte[] buf) {
    byte[] f = packets.get(i++).frame();
    System.arraycopy(f, 0, buf, 0, f.length);
    return f.length;
  }
}
