package io.vigie.protocol;

import io.vigie.net.App;

/**
 * OpenVPN over UDP, or over TCP with a 2-byte length per packet. Each packet starts with {@code
 * opcode << 3 | key_id} followed by the 8-byte session id of its sender (OpenVPN {@code
 * ssl_pkt.h}). A flow opens with P_CONTROL_HARD_RESET_CLIENT (V1 1, V2 7, V3 10 with tls-crypt-v2),
 * key id 0, and is recognised when the server answers with P_CONTROL_HARD_RESET_SERVER (2 or 8), or
 * when a second control packet of the same side carries the same session id (retransmissions of a
 * client that got no answer, or a capture that holds only the server's side, opening with its hard
 * reset). With tls-auth or tls-crypt the rest of the packet is authenticated or encrypted, but the
 * opcode and session id stay clear.
 */
final class OpenVpnRecogniser implements Recogniser {
  private static final int TCP = 6;
  private static final int MIN_CONTROL = 1 + 8 + 1 + 4; // opcode, session id, ack len, packet id
  private static final int MAX_CONTROL = 2048;

  @Override
  public App app() {
    return App.OPENVPN;
  }

  /** What the flow showed so far. */
  private static final class Seen {
    /** The flow opened with a hard reset... */
    boolean reset;

    /** ...sent by the client (else by the server: a capture of one direction only)... */
    boolean byClient;

    /** ...from this side, with this session id. */
    boolean fromOrig;

    long session;
  }

  private static boolean clientReset(int op) {
    return op == 1 || op == 7 || op == 10;
  }

  private static boolean serverReset(int op) {
    return op == 2 || op == 8;
  }

  private static boolean control(int op) {
    return clientReset(op) || serverReset(op) || op == 3 || op == 4 || op == 5 || op == 11;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (flow.ipProto() != TCP) {
      Seen seen = (Seen) st.scratch(App.OPENVPN);
      if (seen == null) {
        seen = new Seen();
        st.scratch(App.OPENVPN, seen);
      }
      return packet(seen, fromOrig, b, off, len);
    }
    // TCP: look at the prefixes of both directions afresh, frame by frame.
    Seen seen = new Seen();
    Verdict v = frames(seen, true, st.prefix(true), st.prefixLen(true));
    if (v != Verdict.MAYBE) {
      return v;
    }
    return frames(seen, false, st.prefix(false), st.prefixLen(false));
  }

  private Verdict frames(Seen seen, boolean fromOrig, byte[] b, int len) {
    int i = 0;
    int n = 0;
    while (b != null && i + 2 <= len && n < 4) {
      int flen = Bytes.u16(b, i);
      if (flen < MIN_CONTROL && n == 0) {
        return Verdict.NO;
      }
      int avail = Math.min(flen, len - i - 2);
      if (avail < 9) {
        return Verdict.MAYBE;
      }
      Verdict v = packet(seen, fromOrig, b, i + 2, flen);
      if (v != Verdict.MAYBE) {
        return v;
      }
      i += 2 + flen;
      n++;
    }
    return Verdict.MAYBE;
  }

  /** Judges one packet; {@code len} is its full length (only the first 9 bytes are read). */
  private static Verdict packet(Seen seen, boolean fromOrig, byte[] b, int off, int len) {
    if (len < 9) {
      return seen.reset ? Verdict.MAYBE : Verdict.NO;
    }
    int op = (b[off] & 0xFF) >>> 3;
    int key = b[off] & 7;
    long session = Bytes.u64(b, off + 1);
    if (!seen.reset) {
      boolean reset = clientReset(op) || serverReset(op);
      if (!reset || key != 0 || len < MIN_CONTROL || len > MAX_CONTROL) {
        return Verdict.NO;
      }
      seen.reset = true;
      seen.byClient = clientReset(op);
      seen.fromOrig = fromOrig;
      seen.session = session;
      return Verdict.MAYBE;
    }
    if (fromOrig == seen.fromOrig) {
      if (control(op)) {
        return session == seen.session ? Verdict.MATCH : Verdict.NO;
      }
      return Verdict.MAYBE;
    }
    if (seen.byClient && serverReset(op) && key == 0 && len >= MIN_CONTROL) {
      return Verdict.MATCH;
    }
    return control(op) || seen.byClient ? Verdict.MAYBE : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
