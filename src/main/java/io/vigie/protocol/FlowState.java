package io.vigie.protocol;

import io.vigie.net.App;

/**
 * The engine's per-flow state, kept in {@link FlowContext#inspectorState()}: the undecided prefix
 * of each TCP direction, datagram counts, the recognisers still in the running and, once decided,
 * the tracker.
 */
final class FlowState {
  /** Bytes of one TCP direction kept while the application is not decided. */
  static final int STREAM_PROBE_LIMIT = 4096;

  /** Datagrams of one UDP direction looked at before giving up. */
  static final int DATAGRAM_PROBE_LIMIT = 8;

  private static final int INITIAL_BUFFER = 512;

  Tracker tracker;
  boolean decided;
  boolean done;

  /** Bit i set while recogniser i may still match. */
  long alive = -1L;

  int origDatagrams;
  int respDatagrams;
  int streamCalls;

  private byte[] origBuf;
  private byte[] respBuf;
  private int origLen;
  private int respLen;
  private boolean origFull;
  private boolean respFull;
  private Object[] scratch;

  /** Appends to the prefix of one direction; returns how many bytes were kept. */
  int append(boolean fromOrig, byte[] buf, int off, int len) {
    byte[] b = fromOrig ? origBuf : respBuf;
    int have = fromOrig ? origLen : respLen;
    int keep = Math.min(len, STREAM_PROBE_LIMIT - have);
    if (keep <= 0) {
      markFull(fromOrig);
      return 0;
    }
    if (b == null || b.length < have + keep) {
      int cap = Math.max(INITIAL_BUFFER, b == null ? 0 : b.length);
      while (cap < have + keep) {
        cap *= 2;
      }
      byte[] nb = new byte[Math.min(cap, STREAM_PROBE_LIMIT)];
      if (b != null) {
        System.arraycopy(b, 0, nb, 0, have);
      }
      b = nb;
      if (fromOrig) {
        origBuf = b;
      } else {
        respBuf = b;
      }
    }
    System.arraycopy(buf, off, b, have, keep);
    if (fromOrig) {
      origLen += keep;
    } else {
      respLen += keep;
    }
    if (have + keep >= STREAM_PROBE_LIMIT) {
      markFull(fromOrig);
    }
    return keep;
  }

  void markFull(boolean fromOrig) {
    if (fromOrig) {
      origFull = true;
    } else {
      respFull = true;
    }
  }

  boolean full(boolean fromOrig) {
    return fromOrig ? origFull : respFull;
  }

  byte[] prefix(boolean fromOrig) {
    return fromOrig ? origBuf : respBuf;
  }

  int prefixLen(boolean fromOrig) {
    return fromOrig ? origLen : respLen;
  }

  void releasePrefixes() {
    origBuf = null;
    respBuf = null;
    origLen = 0;
    respLen = 0;
  }

  /** Per-recogniser memory of this flow (RTP sequence numbers, OpenVPN session ids...). */
  Object scratch(App app) {
    return scratch == null ? null : scratch[app.ordinal()];
  }

  void scratch(App app, Object value) {
    if (scratch == null) {
      scratch = new Object[App.values().length];
    }
    scratch[app.ordinal()] = value;
  }

  int datagrams(boolean fromOrig) {
    return fromOrig ? origDatagrams : respDatagrams;
  }
}
