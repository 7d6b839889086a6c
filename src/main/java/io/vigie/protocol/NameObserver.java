package io.vigie.protocol;

/**
 * Learns names for addresses from DNS answers, so a vendor endpoint given by domain can be
 * recognised by the address it resolves to.
 */
@FunctionalInterface
public interface NameObserver {
  /**
   * @param ipVersion 4 or 6
   * @param hi high 64 bits of the address (0 for IPv4)
   * @param lo low 64 bits of the address (IPv4 in the low 32 bits)
   * @param name the queried name, lower case, without the trailing dot
   */
  void learn(int ipVersion, long hi, long lo, String name, long tsNanos);

  NameObserver NONE = (v, hi, lo, name, ts) -> {};
}
