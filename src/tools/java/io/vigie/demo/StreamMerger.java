package io.vigie.demo;

import io.vigie.capture.PcapWriter;
import java.io.IOException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes many {@link PacketStream}s into one pcap in time order (a k-way merge). Equal times are
 * broken by the stream's position in the list, so the output is the same on every run.
 *
 * <pre>{@code
 * StreamMerger.Totals t = StreamMerger.write(streams, pcapWriter);
 * }</pre>
 */
public final class StreamMerger {
  /** What was written: frames and their bytes on the wire. */
  public record Totals(long packets, long wireBytes, long firstNanos, long lastNanos) {}

  private record Head(long ts, int index) {}

  private StreamMerger() {}

  public static Totals write(List<? extends PacketStream> streams, PcapWriter out)
      throws IOException {
    PriorityQueue<Head> queue =
        new PriorityQueue<>(
            Math.max(1, streams.size()),
            (a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts) : Integer.compare(a.index, b.index));
    for (int i = 0; i < streams.size(); i++) {
      long t = streams.get(i).peekNanos();
      if (t != Long.MAX_VALUE) {
        queue.add(new Head(t, i));
      }
    }
    byte[] buf = new byte[Frames.MAX_FRAME];
    long packets = 0;
    long bytes = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    while (!queue.isEmpty()) {
      Head h = queue.poll();
      PacketStream s = streams.get(h.index);
      int n = s.next(buf);
      out.write(h.ts, buf, 0, n, n);
      packets++;
      bytes += n;
      first = Math.min(first, h.ts);
      last = Math.max(last, h.ts);
      long t = s.peekNanos();
      if (t != Long.MAX_VALUE) {
        queue.add(new Head(t, h.index));
      }
    }
    return new Totals(packets, bytes, first, last);
  }
}
