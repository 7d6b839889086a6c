package io.vigie.protocol;

import io.vigie.net.App;

/**
 * RTP and RTCP (RFC 3550). RTP: version 2, a stable SSRC and payload type, and sequence numbers
 * that advance by small steps over three packets of one direction. RTCP: a compound packet whose
 * first part is a sender or receiver report (200/201), every part of type 200-204, and lengths that
 * add up to the datagram exactly. Over TCP, RTP uses the 2-byte framing of RFC 4571 or the
 * interleaved framing of RTSP. Once decided the flow leaves the inspector: media streams must not
 * cost more than a few packets.
 */
final class RtpRecogniser implements Recogniser {
  private static final int TCP = 6;
  private static final int HEADER = 12;
  private static final int PACKETS = 3;
  private static final int MAX_STEP = 64;

  @Override
  public App app() {
    return App.RTP;
  }

  /** The last RTP header seen in each direction. */
  private static final class Stream {
    long ssrc = -1;
    int pt;
    int seq;
    int run;
  }

  private static final class Streams {
    final Stream orig = new Stream();
    final Stream resp = new Stream();
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (flow.ipProto() == TCP) {
      return framed(b, off, len);
    }
    if (len < HEADER || (b[off] & 0xC0) != 0x80) {
      return Verdict.MAYBE; // RTP flows may carry STUN or other packets in between
    }
    int type = b[off + 1] & 0xFF;
    if (type >= 200 && type <= 204) {
      return rtcp(b, off, len) ? Verdict.MATCH : Verdict.MAYBE;
    }
    Streams s = (Streams) st.scratch(App.RTP);
    if (s == null) {
      s = new Streams();
      st.scratch(App.RTP, s);
    }
    return step(fromOrig ? s.orig : s.resp, b, off, len) >= PACKETS ? Verdict.MATCH : Verdict.MAYBE;
  }

  /** Adds one packet to a direction's run of consistent headers; returns the run length. */
  private static int step(Stream s, byte[] b, int off, int len) {
    int cc = b[off] & 0x0F;
    int pt = b[off + 1] & 0x7F;
    if (len < HEADER + 4 * cc || (pt >= 72 && pt <= 76)) {
      s.run = 0;
      return 0;
    }
    long ssrc = Bytes.u32(b, off + 8);
    int seq = Bytes.u16(b, off + 2);
    int delta = (seq - s.seq) & 0xFFFF;
    if (ssrc == s.ssrc && pt == s.pt && delta >= 1 && delta <= MAX_STEP) {
      s.run++;
    } else {
      s.run = 1;
    }
    s.ssrc = ssrc;
    s.pt = pt;
    s.seq = seq;
    return s.run;
  }

  static boolean rtcp(byte[] b, int off, int len) {
    int first = b[off + 1] & 0xFF;
    if (first != 200 && first != 201) {
      return false;
    }
    int i = off;
    int end = off + len;
    while (i + 4 <= end) {
      int type = b[i + 1] & 0xFF;
      if ((b[i] & 0xC0) != 0x80 || type < 200 || type > 204) {
        return false;
      }
      i += 4 * (Bytes.u16(b, i + 2) + 1);
    }
    return i == end;
  }

  /**
   * Frames in a TCP prefix, RFC 4571 ({@code length16}) or RTSP interleaved ({@code '$' channel
   * length16}, RFC 2326 10.12): three consistent RTP headers in a row.
   */
  private static Verdict framed(byte[] b, int off, int len) {
    if (len == 0) {
      return Verdict.MAYBE;
    }
    int prefix = b[off] == '$' ? 4 : 2;
    Stream s = new Stream();
    int i = off;
    int end = off + len;
    while (i + prefix + HEADER <= end) {
      int flen = Bytes.u16(b, i + prefix - 2);
      if ((prefix == 4 && b[i] != '$') || flen < HEADER || (b[i + prefix] & 0xC0) != 0x80) {
        return Verdict.NO;
      }
      if (step(s, b, i + prefix, flen) >= PACKETS) {
        return Verdict.MATCH;
      }
      if (s.run == 0) {
        return Verdict.NO;
      }
      i += prefix + flen;
    }
    return Verdict.MAYBE;
  }

  @Override
  public boolean decideAtEnd(FlowContext flow, FlowState st) {
    Streams s = (Streams) st.scratch(App.RTP);
    return s != null && (s.orig.run >= 2 || s.resp.run >= 2);
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
