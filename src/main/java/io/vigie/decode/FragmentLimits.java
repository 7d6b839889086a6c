package io.vigie.decode;

/**
 * Bounds of IP fragment reassembly, so that a fragment flood costs a fixed amount of memory.
 *
 * <pre>{@code
 * new PacketDecoder(counters, new FragmentLimits(256, 64, 30_000_000_000L));
 * }</pre>
 *
 * @param maxDatagrams datagrams reassembled at once; a fragment of one more is counted as {@link
 *     Malformed#FRAGMENT_LIMIT} and dropped. Each costs a 64 KiB buffer, allocated on first use and
 *     reused.
 * @param maxFragments fragments per datagram; one more drops the datagram ({@code FRAGMENT_LIMIT})
 * @param timeoutNanos packet time a datagram may wait for its missing fragments; checked when the
 *     next fragment of any datagram arrives, and counted as {@link Malformed#FRAGMENT_TIMEOUT}
 */
public record FragmentLimits(int maxDatagrams, int maxFragments, long timeoutNanos) {
  /** 64 datagrams (4 MiB at most), 64 fragments each, 30 s as Linux's ipfrag_time. */
  public static final FragmentLimits DEFAULTS = new FragmentLimits(64, 64, 30_000_000_000L);

  /** The largest datagram an IP header can describe. */
  public static final int MAX_DATAGRAM = 65_535;

  public FragmentLimits {
    if (maxDatagrams < 1 || maxDatagrams > 65_536) {
      throw new IllegalArgumentException("max datagrams must be 1..65536, not " + maxDatagrams);
    }
    if (maxFragments < 2 || maxFragments > 8192) {
      throw new IllegalArgumentException("max fragments must be 2..8192, not " + maxFragments);
    }
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException(
          "fragment timeout must be positive, not " + timeoutNanos + " ns");
    }
  }
}
