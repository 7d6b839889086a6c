package io.vigie.flow;

import io.vigie.decode.DecodedPacket;
import io.vigie.net.App;

/**
 * What a flow keeps for its pcap slice: copies of its first packets while it is not yet known to
 * matter, under one memory budget for all flows together, then a recording once it is flagged (of
 * interest to the site) and its application is decided.
 *
 * <pre>
 * new flow ─► budget left? ─► RetainedPackets (first packets)   else counted in refused()
 *   flagged + decided ─► PacketRecorder.begin ─► retained packets replayed ─► later packets recorded
 *   flow end ─► recording finished with its session; retained copies given back to the budget
 * </pre>
 *
 * <p>A flood of new flows must not turn first-packet copies into gigabytes: the budget is checked
 * before a flow retains anything. RTP is cut to its headers: no video is ever kept.
 */
final class SliceBudget {
  private final PacketRecorder recorder;
  private final FlowInterest interest;
  private final long budgetBytes;
  private final SliceWriter writer = new SliceWriter();
  private long retainedBytes;
  private long refused;

  /**
   * @param budgetBytes memory all flows together may hold in copies of their first packets
   */
  SliceBudget(PacketRecorder recorder, FlowInterest interest, long budgetBytes) {
    this.recorder = recorder;
    this.interest = interest;
    this.budgetBytes = budgetBytes;
  }

  /** A new flow: it retains its first packets if the budget allows, and is asked if it matters. */
  void started(Flow f) {
    if (recorder == PacketRecorder.NONE) {
      return;
    }
    if (retainedBytes + RetainedPackets.INITIAL_FOOTPRINT <= budgetBytes) {
      f.retained = new RetainedPackets();
      retainedBytes += f.retained.footprint();
    } else {
      refused++;
    }
    f.ofInterest = interest.isOfInterest(f);
  }

  /** Whether {@link #keep} has anything to do for this flow's packets. */
  static boolean keeping(Flow f) {
    return f.retained != null || f.recording != null;
  }

  /** Retains or records one packet of a flow that may need a pcap slice. */
  void keep(Flow f, DecodedPacket p) {
    int l4 = p.transportOff >= 0 ? p.transportOff - p.frameOff : -1;
    if (f.recording != null) {
      writer.write(f, p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
      return;
    }
    if (f.ofInterest && (f.isTcp() || !f.inspecting)) {
      startRecording(f);
      if (f.recording != null) {
        writer.write(f, p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
        return;
      }
    }
    RetainedPackets r = f.retained;
    if (r != null) {
      long before = r.footprint();
      boolean kept = r.add(p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
      retainedBytes += r.footprint() - before;
      if (!kept && !f.ofInterest) {
        // Full and not flagged: the flow's first packets are no longer needed.
        drop(f);
      }
    }
  }

  /** The flow's application is decided: what was learnt may flag it, and a flagged flow records. */
  void decided(Flow f) {
    if (recorder != PacketRecorder.NONE && !f.ofInterest) {
      f.ofInterest = interest.isOfInterest(f);
    }
    if (f.ofInterest) {
      startRecording(f);
    }
  }

  /** The flow ended as {@code s}: its recording is finished, its retained copies given back. */
  void ended(Flow f, Session s) {
    if (f.recording == null && !f.ofInterest && f.retained != null) {
      // What the inspector learnt last (a file's hash at the end of an upload) may flag it now.
      f.ofInterest = interest.isOfInterest(f);
    }
    if (f.recording == null && f.ofInterest && f.retained != null) {
      // Flagged but never decided (e.g. a short UDP exchange): keep what was retained.
      startRecording(f);
    }
    if (f.recording != null) {
      f.recording.finish(s);
      f.recording = null;
    }
    drop(f);
  }

  /** Flows that kept no first packets because the budget was spent (their slice starts late). */
  long refused() {
    return refused;
  }

  /** Bytes held now in first-packet copies, all flows together. */
  long retainedBytes() {
    return retainedBytes;
  }

  private void drop(Flow f) {
    if (f.retained != null) {
      retainedBytes -= f.retained.footprint();
      f.retained = null;
    }
  }

  private void startRecording(Flow f) {
    if (f.recordingStarted) {
      return;
    }
    f.recordingStarted = true;
    f.recording = recorder.begin(f.communityId, f.firstNanos, f.linkType);
    if (f.recording != null && f.retained != null) {
      f.retained.replayInto(writer, f);
    }
    drop(f);
  }

  /** Writes packets to a flow's recording, cutting RTP to its headers: no video is ever kept. */
  static final class SliceWriter {
    void write(Flow f, long ts, byte[] buf, int off, int capLen, int wireLen, int l4Rel) {
      int len = capLen;
      if (f.app == App.RTP) {
        // UDP header (8) + fixed RTP header (12); without a known transport offset keep only
        // link and IP headers.
        len = Math.min(capLen, l4Rel >= 0 ? l4Rel + 20 : 54);
      }
      f.recording.packet(ts, buf, off, len, wireLen);
    }
  }
}
