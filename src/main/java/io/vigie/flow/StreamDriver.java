package io.vigie.flow;

import io.vigie.decode.DecodedPacket;
import io.vigie.protocol.PayloadInspector;

/**
 * Feeds a flow's payload to the inspector until it has seen enough: TCP in sequence order per
 * direction (SYN sets the start, out-of-order segments are held, a hole that will not fill is
 * reported as a gap and skipped), datagrams as they come.
 *
 * <pre>
 * TCP segment ─► flags (rst, fin) ─► StreamReassembler (hold / drain) ─► inspector.onPayload
 * datagram ─────────────────────────────────────────────────────────► inspector.onPayload
 *                                          inspector has seen enough ─► stopInspecting ─► slices.decided
 * </pre>
 */
final class StreamDriver {
  /** A hole this far ahead is a capture gap, not reordering. */
  static final int MAX_REORDER_DISTANCE = 1 << 20;

  private final PayloadInspector inspector;
  private final SliceBudget slices;

  StreamDriver(PayloadInspector inspector, SliceBudget slices) {
    this.inspector = inspector;
    this.slices = slices;
  }

  /** One TCP packet: its flags, then its payload in stream order while the flow is inspected. */
  void tcp(Flow f, DecodedPacket p, boolean fromOrig) {
    int flags = p.tcpFlags;
    if ((flags & DecodedPacket.TCP_RST) != 0) {
      f.rst = true;
    }
    if ((flags & DecodedPacket.TCP_FIN) != 0) {
      if (fromOrig) {
        f.origFin = true;
      } else {
        f.respFin = true;
      }
    }
    if (f.inspecting) {
      StreamReassembler r = stream(f, fromOrig);
      int seq = (int) p.seq;
      if ((flags & DecodedPacket.TCP_SYN) != 0) {
        f.synSeen = true;
        // A retransmitted SYN must not rewind a stream already under way: bytes would be
        // delivered, and hashed, twice.
        if (!r.started) {
          r.start(seq + 1);
        }
        seq++;
      } else if (!r.started) {
        r.start(seq);
      }
      if (p.payloadLen > 0) {
        segment(f, fromOrig, r, seq, p.payload, p.payloadOff, p.payloadLen, p.tsNanos);
      }
    }
  }

  /** One datagram's payload (UDP, ICMP...), while the flow is inspected. */
  void datagram(Flow f, DecodedPacket p, boolean fromOrig) {
    if (f.inspecting && p.payloadLen > 0) {
      if (!inspector.onPayload(f, fromOrig, p.payload, p.payloadOff, p.payloadLen, p.tsNanos)) {
        stopInspecting(f);
      }
    }
  }

  private StreamReassembler stream(Flow f, boolean fromOrig) {
    if (fromOrig) {
      if (f.origStream == null) {
        f.origStream = new StreamReassembler();
      }
      return f.origStream;
    }
    if (f.respStream == null) {
      f.respStream = new StreamReassembler();
    }
    return f.respStream;
  }

  private void segment(
      Flow f,
      boolean fromOrig,
      StreamReassembler r,
      int seq,
      byte[] buf,
      int off,
      int len,
      long ts) {
    int rel = seq - r.nextSeq;
    if (rel > 0) {
      if (rel < MAX_REORDER_DISTANCE && r.hold(seq, buf, off, len)) {
        return;
      }
      // The hole will not fill (lost in capture, or too much held): give it up, resume at the
      // earliest byte we have, and deliver what is held from there on.
      while (f.inspecting && r.heldCount() > 0 && seq - r.nextSeq > 0) {
        int e = r.earliest();
        if (r.heldSeq(e) - seq >= 0) {
          break;
        }
        int lost = r.heldSeq(e) - r.nextSeq;
        if (lost > 0) {
          inspector.onGap(f, fromOrig, lost);
          r.nextSeq = r.heldSeq(e);
        }
        drain(f, fromOrig, r, ts);
      }
      if (!f.inspecting) {
        return;
      }
      rel = seq - r.nextSeq;
      if (rel > 0) {
        inspector.onGap(f, fromOrig, rel);
        r.nextSeq = seq;
        rel = 0;
      }
    }
    int skip = -rel;
    if (skip >= len) {
      return;
    }
    if (!deliver(f, fromOrig, buf, off + skip, len - skip, ts)) {
      return;
    }
    r.nextSeq += len - skip;
    drain(f, fromOrig, r, ts);
  }

  /** Delivers held segments that the stream has now reached. */
  private void drain(Flow f, boolean fromOrig, StreamReassembler r, long ts) {
    while (f.inspecting && r.heldCount() > 0) {
      int i = r.nextReady();
      if (i < 0) {
        return;
      }
      byte[] d = r.heldData(i);
      int skip = r.nextSeq - r.heldSeq(i);
      r.removeAt(i);
      if (!deliver(f, fromOrig, d, skip, d.length - skip, ts)) {
        return;
      }
      r.nextSeq += d.length - skip;
    }
  }

  private boolean deliver(Flow f, boolean fromOrig, byte[] buf, int off, int len, long ts) {
    if (!inspector.onPayload(f, fromOrig, buf, off, len, ts)) {
      stopInspecting(f);
      return false;
    }
    return true;
  }

  /** The inspector has seen enough: the streams' buffers are freed and the slice may start. */
  private void stopInspecting(Flow f) {
    f.inspecting = false;
    if (f.origStream != null) {
      f.origStream.clear();
      f.origStream = null;
    }
    if (f.respStream != null) {
      f.respStream.clear();
      f.respStream = null;
    }
    slices.decided(f);
  }
}
