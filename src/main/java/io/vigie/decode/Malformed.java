package io.vigie.decode;

/** Why a frame was skipped. Counted per reason, reported in replay stats and metrics. */
public enum Malformed {
  TRUNCATED_LINK("truncated_link"),
  UNSUPPORTED_LINK_TYPE("unsupported_link_type"),
  TRUNCATED_IP("truncated_ip"),
  BAD_IP_VERSION("bad_ip_version"),
  BAD_IP_HEADER_LENGTH("bad_ip_header_length"),
  BAD_IP_TOTAL_LENGTH("bad_ip_total_length"),
  BAD_IPV6_EXTENSION("bad_ipv6_extension"),
  FRAGMENT_OVERLAP("fragment_overlap"),
  FRAGMENT_TOO_LARGE("fragment_too_large"),
  FRAGMENT_LIMIT("fragment_limit"),
  TRUNCATED_TCP("truncated_tcp"),
  BAD_TCP_HEADER_LENGTH("bad_tcp_header_length"),
  TRUNCATED_UDP("truncated_udp"),
  BAD_UDP_LENGTH("bad_udp_length"),
  TRUNCATED_ICMP("truncated_icmp"),
  /**
   * An ethertype or IP protocol vigie does not track (ARP, LLDP, OSPF...): counted, not an error.
   */
  NOT_IP("not_ip"),
  /** A fragmented datagram that did not complete within {@link FragmentLimits#timeoutNanos()}. */
  FRAGMENT_TIMEOUT("fragment_timeout");

  private final String label;

  Malformed(String label) {
    this.label = label;
  }

  /** Stable snake_case name used in JSON and metric labels. */
  public String label() {
    return label;
  }
}
