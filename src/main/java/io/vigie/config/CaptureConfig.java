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
 *   buffer_bytes: 33554432      # kernel ring; a bigger one drops less in bursts
 *   promiscuous: true
 * # or, for a replay that keeps serving metrics and the API afterwards:
 * capture: { file: demo.pcap }  # relative to the config file
 * </pre>
 *
 * @param interfaces interface names as {@code ip link} shows them
 * @param filter BPF filter for every interface, or null for none
 * @param snaplen bytes kept of each frame, 1..262144
 * @param bufferBytes libpcap buffer per interface, at least 65536
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

  public CaptureConfig {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    filter = filter == null ? "" : filter;
    snaplen = snaplen == null ? 262_144 : snaplen;
    bufferBytes = bufferBytes == null ? 32 << 20 : bufferBytes;
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
