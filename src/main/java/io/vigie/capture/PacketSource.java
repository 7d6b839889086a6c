package io.vigie.capture;

/**
 * One interface for live interfaces and capture files, so every test can feed a pcap to the same
 * pipeline the daemon runs (the idea of Zeek's {@code PktSrc}).
 *
 * <pre>{@code
 * try (PacketSource src = PcapFileSource.open(path)) {
 *   while (src.dispatch(handler, 1024) >= 0) { }
 * }
 * }</pre>
 */
public interface PacketSource extends AutoCloseable {
  /**
   * Delivers up to {@code max} packets to {@code handler}.
   *
   * @return the number delivered (0 when a live source timed out), or -1 at the end of a file or
   *     after {@link #close()}
   * @throws CaptureException when a live source cannot go on; a damaged file is not an exception:
   *     every packet before the damage is delivered, then -1, and {@link #damage()} names the file
   *     and byte offset
   */
  int dispatch(PacketHandler handler, int max) throws CaptureException;

  /** Interface name or file name, for logs and metric labels. */
  String name();

  /** Counters so far; for live sources including libpcap's drop counts. */
  CaptureStats stats();

  /**
   * Why a file ended early, once {@link #dispatch} has returned -1: names the file and the byte
   * offset of the damaged record ("x.pcap: damaged record at byte offset 1234: length 9999999
   * exceeds the snapshot length"). Empty when the file ended normally.
   */
  default java.util.Optional<String> damage() {
    return java.util.Optional.empty();
  }

  /** Asks a blocking {@link #dispatch} in another thread to return; safe from any thread. */
  default void breakLoop() {}

  @Override
  void close();
}
