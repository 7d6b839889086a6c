package io.vigie.evidence;

import java.io.IOException;

/**
 * A time-stamp authority as the evidence store sees it: bytes in, a token that dates them out.
 * {@link Rfc3161Tsa} is the one implementation that speaks RFC 3161; the interface keeps
 * BouncyCastle out of the rest of the store.
 */
interface TimestampAuthority {
  /** How reports and records name this TSA (its URL). */
  String name();

  /**
   * Asks for a token over {@code data}; blocks up to the TSA's timeout.
   *
   * @return the DER time-stamp token (a CMS SignedData), already checked against the data and the
   *     trusted CAs
   * @throws IOException when the TSA cannot be reached, refuses, or answers a bad token
   */
  byte[] stamp(byte[] data) throws IOException;
}
