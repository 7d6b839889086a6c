package io.vigie.protocol;

import io.vigie.net.App;

/**
 * WireGuard (whitepaper section 5.4): message type 1-4 followed by three zero bytes, with the fixed
 * sizes of handshake initiation (148), response (92) and cookie reply (64). Transport data (type 4,
 * 16 + 16n bytes) alone needs two packets with the same receiver index and a growing counter.
 */
final class WireGuardRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.WIREGUARD;
  }

  private static final class Transport {
    long receiver = -1;
    long counter;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len < 32 || b[off + 1] != 0 || b[off + 2] != 0 || b[off + 3] != 0) {
      return Verdict.NO;
    }
    switch (b[off]) {
      case 1:
        return len == 148 ? Verdict.MATCH : Verdict.NO;
      case 2:
        return len == 92 ? Verdict.MATCH : Verdict.NO;
      case 3:
        return len == 64 ? Verdict.MATCH : Verdict.NO;
      case 4:
        {
          if ((len - 16) % 16 != 0) {
            return Verdict.NO;
          }
          long receiver = Bytes.u32(b, off + 4);
          long counter = Long.reverseBytes(Bytes.u64(b, off + 8)); // little-endian
          Transport t = (Transport) st.scratch(App.WIREGUARD);
          if (t == null) {
            t = new Transport();
            st.scratch(App.WIREGUARD, t);
          }
          boolean same =
              t.receiver == receiver && counter > t.counter && counter - t.counter < 1024;
          if (t.receiver != receiver || counter > t.counter) {
            t.receiver = receiver;
            t.counter = counter;
          }
          return same ? Verdict.MATCH : Verdict.MAYBE;
        }
      default:
        return Verdict.NO;
    }
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
