package io.vigie.protocol;

/** What a recogniser concludes from the bytes seen so far. */
enum Verdict {
  /** The flow speaks this protocol. */
  MATCH,
  /** Not decided yet: more bytes or datagrams may tell. */
  MAYBE,
  /** The flow cannot be this protocol; the engine stops asking this recogniser. */
  NO
}
