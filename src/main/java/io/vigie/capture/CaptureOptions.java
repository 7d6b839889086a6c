package io.vigie.capture;

/**
 * How to open a live interface.
 *
 * <pre>{@code
 * CaptureOptions opts = CaptureOptions.defaults("eth1").withFilter("not port 22");
 * }</pre>
 *
 * @param iface interface name, as {@code ip link} shows it
 * @param filter BPF filter expression (pcap-filter(7)), or "" for every packet
 * @param snapLen bytes kept of each packet, 1..262144
 * @param bufferBytes kernel ring buffer size in bytes (at least 65536); a bigger one drops less in
 *     bursts
 * @param promiscuous capture frames not addressed to this host (a mirror port needs it)
 * @param timeoutMillis how long a read may wait to fill a batch before returning, 1..60000 ms
 * @param immediate deliver each packet at once instead of batching (lower latency, more wake-ups)
 */
public record CaptureOptions(
    String iface,
    String filter,
    int snapLen,
    int bufferBytes,
    boolean promiscuous,
    int timeoutMillis,
    boolean immediate) {

  public CaptureOptions {
    if (iface == null || iface.isBlank()) {
      throw new IllegalArgumentException("interface name is empty");
    }
    if (filter == null) {
      filter = "";
    }
    if (snapLen < 1 || snapLen > PcapFileSource.MAX_PACKET) {
      throw new IllegalArgumentException("snaplen must be 1..262144, not " + snapLen);
    }
    if (bufferBytes < 65_536) {
      throw new IllegalArgumentException(
          "capture buffer must be at least 65536 bytes, not " + bufferBytes);
    }
    if (timeoutMillis < 1 || timeoutMillis > 60_000) {
      throw new IllegalArgumentException("read timeout must be 1..60000 ms, not " + timeoutMillis);
    }
  }

  /** The daemon's default ring (its {@code capture.buffer_bytes}): about 0.45 s of 2.4 Gbit/s. */
  public static final int DEFAULT_BUFFER_BYTES = 128 << 20;

  /** Whole packets, 128 MiB ring, promiscuous, 100 ms timeout, batched delivery, no filter. */
  public static CaptureOptions defaults(String iface) {
    return new CaptureOptions(
        iface, "", PcapFileSource.MAX_PACKET, DEFAULT_BUFFER_BYTES, true, 100, false);
  }

  public CaptureOptions withFilter(String bpf) {
    return new CaptureOptions(
        iface, bpf, snapLen, bufferBytes, promiscuous, timeoutMillis, immediate);
  }

  public CaptureOptions withImmediate(boolean on) {
    return new CaptureOptions(iface, filter, snapLen, bufferBytes, promiscuous, timeoutMillis, on);
  }
}
