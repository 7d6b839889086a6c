package io.vigie.protocol;

import io.vigie.net.App;

/**
 * DNS over UDP, and over TCP with its 2-byte length prefix (RFC 1035 4.2.2): one question and
 * records that parse exactly.
 */
final class DnsRecogniser implements Recogniser {
  private static final int TCP = 6;
  private final NameObserver names;

  DnsRecogniser(NameObserver names) {
    this.names = names;
  }

  @Override
  public App app() {
    return App.DNS;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (flow.ipProto() != TCP) {
      return DnsMessage.plausible(b, off, len) ? Verdict.MATCH : Verdict.NO;
    }
    if (len < 2) {
      return Verdict.MAYBE;
    }
    int msgLen = Bytes.u16(b, off);
    if (msgLen < DnsMessage.HEADER + 5) {
      return Verdict.NO;
    }
    if (len < 2 + msgLen) {
      if (msgLen + 2 > FlowState.STREAM_PROBE_LIMIT) {
        return Verdict.NO;
      }
      return len >= 2 + DnsMessage.HEADER && !headerOk(b, off + 2) ? Verdict.NO : Verdict.MAYBE;
    }
    return DnsMessage.plausible(b, off + 2, msgLen) ? Verdict.MATCH : Verdict.NO;
  }

  private static boolean headerOk(byte[] b, int i) {
    return Bytes.u16(b, i + 4) == 1 && (Bytes.u16(b, i + 2) & 0x0040) == 0;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new DnsTracker(names, flow.ipProto() == TCP);
  }
}
