package io.vigie.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code vigie run} captures: live interfaces, or one capture file replayed in packet time
 * (the demo, or a test), never both.
 *
 * <pre>
 * capture:
 *   interfaces: [eth1]          # mirror port(s); one capture thread each
 *   filter: "ip or ip6"         # BPF, pcap-filter(7); "" for every frame
 *   snaplen: 262144
 *   buffer_bytes: 134217728     # kernel ring: 0.45 s of 2.4 Gbit/s; a bigger one drops less
 *   promiscuous: true
 * # or, for a replay that keeps serving metrics and the API afterwards:
 * capture: { file: demo.pcap }  # relative to the config file
 * </pre>
 *
 * @param interfaces interface names as {@code ip link} shows them
 * @param filter BPF filter for every interface, or null for none
 * @param snaplen bytes kept of each frame, 1..262144
 * @param bufferBytes libpcap's TPACKET_V3 ring per interface, at least 65536; by default {@link
 *     #DEFAULT_BUFFER_BYTES}
 * @param promiscuous capture frames not addressed to this host (a mirror port needs it)
 * @param file a pcap or pcapng file instead of interfaces
 */
public record CaptureConfig(
    List<String> interfaces,
    String filter,
    Integer snaplen,
    Integer bufferBytes,
    Boolean promiscuous,
    String file) {

  /**
   * 128 MiB: what the ring holds is how long the capture thread may fall behind without a loss,
   * about 0.45 s at the appliance's 2.4 Gbit/s (a JIT deoptimisation storm, a full collection, the
   * machine's other work), where the former 32 MiB held 0.11 s. The kernel memory is taken once per
   * interface; Zeek's AF_Packet plugin defaults to the same size. Measured in docs/PERFORMANCE.md,
   * "Sustained live capture".
   */
  public static final int DEFAULT_BUFFER_BYTES = 128 << 20;

  public CaptureConfig {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    filter = filter == null ? "" : filter;
    snaplen = snaplen == null ? 262_144 : snaplen;
    bufferBytes = bufferBytes == null ? DEFAULT_BUFFER_BYTES : bufferBytes;
    promiscuous = promiscuous == null ? Boolean.TRUE : promiscuous;
    if (file != null && file.isBlank()) {
      throw new IllegalArgumentException("'file' is empty");
    }
    if (file != null && !interfaces.isEmpty()) {
      throw new IllegalArgumentException("give 'interfaces' or 'file', not both");
    }
    if (file == null && interfaces.isEmpty()) {
      throw new IllegalArgumentException("give 'interfaces' (live capture) or 'file' (replay)");
    }
    Set<String> seen = new HashSet<>();
    for (String i : interfaces) {
      if (i == null || i.isBlank() || !i.matches("[A-Za-z0-9_.:@-]{1,15}")) {
        throw new IllegalArgumentException("bad interface name '" + i + "'");
      }
      if (!seen.add(i)) {
        throw new IllegalArgumentException("interface '" + i + "' is listed twice");
      }
    }
    if (snaplen < 1 || snaplen > 262_144) {
      throw new IllegalArgumentException("snaplen must be 1..262144, was " + snaplen);
    }
    if (bufferBytes < 65_536) {
      throw new IllegalArgumentException("buffer_bytes must be at least 65536, was " + bufferBytes);
    }
  }

  /** Whether this is a replay of a file rather than a live capture. */
  public boolean replay() {
    return file != null;
  }
}
