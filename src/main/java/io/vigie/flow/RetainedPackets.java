package io.vigie.flow;

/**
 * The first packets of a flow, copied, so that a pcap slice begun when the flow is flagged later
 * (its application recognised, a policy decision) still starts at its first packet. Bounded by
 * count and bytes; once full, retention stops and the slice will start later.
 */
final class RetainedPackets {
  static final int MAX_PACKETS = 48;
  static final int MAX_BYTES = 96 * 1024;

  private final long[] ts = new long[MAX_PACKETS];
  private final int[] off = new int[MAX_PACKETS];
  private final int[] len = new int[MAX_PACKETS];
  private final int[] wire = new int[MAX_PACKETS];
  private final int[] l4 = new int[MAX_PACKETS];
  private byte[] data = new byte[2048];
  private int count;
  private int used;
  boolean full;

  /** What a new instance costs: the index arrays and the first data buffer. */
  static final long INITIAL_FOOTPRINT = MAX_PACKETS * (8L + 4 * 4) + 2048;

  /** Bytes held now (index arrays and data buffer), for the flow table's budget. */
  long footprint() {
    return MAX_PACKETS * (8L + 4 * 4) + data.length;
  }

  /**
   * Copies one frame; {@code l4Rel} is the transport header's offset from the frame start (-1 when
   * unknown), kept so that RTP payload can still be cut when the flow is recognised later. returns
   * false (and marks full) when a bound is reached
   */
  boolean add(long tsNanos, byte[] buf, int o, int capLen, int wireLen, int l4Rel) {
    if (count == MAX_PACKETS || used + capLen > MAX_BYTES) {
      full = true;
      return false;
    }
    if (used + capLen > data.length) {
      byte[] bigger = new byte[Math.min(MAX_BYTES, Math.max(data.length * 2, used + capLen))];
      System.arraycopy(data, 0, bigger, 0, used);
      data = bigger;
    }
    System.arraycopy(buf, o, data, used, capLen);
    ts[count] = tsNanos;
    off[count] = used;
    len[count] = capLen;
    wire[count] = wireLen;
    l4[count] = l4Rel;
    count++;
    used += capLen;
    return true;
  }

  /** Writes every retained packet to the recording, through the same cut as live packets. */
  void replayInto(SliceBudget.SliceWriter writer, Flow f) {
    for (int i = 0; i < count; i++) {
      writer.write(f, ts[i], data, off[i], len[i], wire[i], l4[i]);
    }
  }
}
