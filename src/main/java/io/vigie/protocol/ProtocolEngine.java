package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Recognises the application of each flow by content, never by port, and extracts what the session
 * reports.
 *
 * <pre>{@code
 * PayloadInspector engine = new ProtocolEngine(flowTable::expect, nameCache::learn);
 * engine.onFlowStart(flow, ts);
 * while (engine.onPayload(flow, fromOrig, buf, off, len, ts)) { ... next payload ... }
 * engine.onFlowEnd(flow, ts);   // flow.app() is decided now (App.UNKNOWN when nothing matched)
 * }</pre>
 *
 * <p>Undecided TCP flows keep up to {@link FlowState#STREAM_PROBE_LIMIT} bytes per direction and
 * ask each recogniser about the whole prefix; UDP flows are probed datagram by datagram, up to
 * {@link FlowState#DATAGRAM_PROBE_LIMIT} per direction. Once decided, a per-protocol {@link
 * Tracker} follows the flow for as long as it has something to learn, then {@code onPayload}
 * returns false. Flows announced by {@link Expectations} (ftp-data, tftp transfers, rtp) arrive
 * with their app set and go straight to their tracker.
 */
public final class ProtocolEngine implements PayloadInspector {
  private static final int TCP = 6;
  private static final int UDP = 17;

  private final Recogniser[] streamRecognisers;
  private final Recogniser[] datagramRecognisers;
  private final FtpTransfers ftpTransfers;
  private final FileSink files;
  private long parserFailures;

  public ProtocolEngine(Expectations expectations, NameObserver names) {
    this(expectations, names, FileSink.NONE);
  }

  /**
   * @param files where copies of files carried in clear (HTTP, FTP, TFTP transfers) are written as
   *     they are hashed; {@link FileSink#NONE} keeps none. Anything else writes on the packet
   *     thread (buffered), which costs that thread file I/O for every transfer seen.
   */
  public ProtocolEngine(Expectations expectations, NameObserver names, FileSink files) {
    this.ftpTransfers = new FtpTransfers();
    this.files = files;
    DnsRecogniser dns = new DnsRecogniser(names);
    OpenVpnRecogniser openvpn = new OpenVpnRecogniser();
    RtpRecogniser rtp = new RtpRecogniser();
    SipRecogniser sip = new SipRecogniser(expectations);
    this.streamRecognisers =
        new Recogniser[] {
          new SshRecogniser(),
          new TlsRecogniser(),
          new RdpRecogniser(),
          new VncRecogniser(),
          new SmbRecogniser(),
          new HttpRecogniser(files),
          new RtspRecogniser(expectations),
          sip,
          new FtpRecogniser(expectations, ftpTransfers),
          new TelnetRecogniser(),
          new MqttRecogniser(),
          new DahuaRecogniser(),
          new IsupRecogniser(),
          dns,
          openvpn,
          rtp,
        };
    this.datagramRecognisers =
        new Recogniser[] {
          dns,
          new TftpRecogniser(expectations, files),
          new IkeRecogniser(),
          new WireGuardRecogniser(),
          openvpn,
          new NtpRecogniser(),
          sip,
          new DahuaRecogniser(),
          new DahuaP2pRecogniser(),
          new SadpRecogniser(),
          new IsupRecogniser(),
          new SsdpRecogniser(),
          rtp,
        };
  }

  @Override
  public void onFlowStart(FlowContext flow, long tsNanos) {
    FlowState st = new FlowState();
    flow.inspectorState(st);
    App preset = flow.app();
    if (preset != null && preset != App.UNKNOWN) {
      st.decided = true;
      st.tracker = expectedFlowTracker(flow, preset);
      st.done = st.tracker == null;
    }
  }

  private Tracker expectedFlowTracker(FlowContext flow, App app) {
    switch (app) {
      case FTP_DATA:
        return new FtpDataTracker(ftpTransfers, flow, files);
      case TFTP:
        return new TftpTransferTracker(files);
      default:
        // RTP announced by RTSP needs nothing more: leave the packet path at once.
        return null;
    }
  }

  /**
   * Payloads on which a recogniser or tracker failed (a parser bug met by hostile input); the flow
   * is then left alone rather than stopping the pipeline. Zero in every test.
   */
  public long parserFailures() {
    return parserFailures;
  }

  @Override
  public boolean onPayload(
      FlowContext flow, boolean fromOrig, byte[] buf, int off, int len, long tsNanos) {
    FlowState st = state(flow, tsNanos);
    try {
      return inspect(flow, st, fromOrig, buf, off, len, tsNanos);
    } catch (RuntimeException e) {
      parserFailures++;
      if (!st.decided) {
        flow.app(App.UNKNOWN);
      }
      st.decided = true;
      st.done = true;
      if (st.tracker != null) {
        try {
          st.tracker.discard();
        } catch (RuntimeException d) {
          e.addSuppressed(d);
        }
      }
      st.tracker = null;
      st.releasePrefixes();
      return false;
    }
  }

  private boolean inspect(
      FlowContext flow,
      FlowState st,
      boolean fromOrig,
      byte[] buf,
      int off,
      int len,
      long tsNanos) {
    if (st.done) {
      return false;
    }
    if (len <= 0) {
      return true;
    }
    if (st.decided) {
      return follow(flow, st, fromOrig, buf, off, len, tsNanos);
    }
    int proto = flow.ipProto();
    if (proto == TCP) {
      return probeStream(flow, st, fromOrig, buf, off, len, tsNanos);
    }
    if (proto == UDP) {
      return probeDatagram(flow, st, fromOrig, buf, off, len, tsNanos);
    }
    giveUp(flow, st);
    return false;
  }

  private boolean follow(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] buf, int off, int len, long ts) {
    if (st.tracker == null || !st.tracker.onData(flow, fromOrig, buf, off, len, ts)) {
      st.done = true;
      return false;
    }
    return true;
  }

  private boolean probeStream(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] buf, int off, int len, long ts) {
    st.streamCalls++;
    if (!st.full(fromOrig)) {
      int kept = st.append(fromOrig, buf, off, len);
      byte[] prefix = st.prefix(fromOrig);
      int plen = st.prefixLen(fromOrig);
      for (int i = 0; i < streamRecognisers.length; i++) {
        if ((st.alive & (1L << i)) == 0) {
          continue;
        }
        Recogniser r = streamRecognisers[i];
        Verdict v = r.probe(flow, st, fromOrig, prefix, 0, plen);
        if (v == Verdict.MATCH) {
          return decideStream(flow, st, r, fromOrig, buf, off + kept, len - kept, ts);
        }
        if (v == Verdict.NO) {
          st.alive &= ~(1L << i);
        }
      }
    }
    if ((st.alive & ((1L << streamRecognisers.length) - 1)) == 0
        || (st.full(true) && st.full(false))
        || ((st.full(true) || st.full(false)) && st.streamCalls >= 16)) {
      giveUp(flow, st);
      return false;
    }
    return true;
  }

  /** Decides, then replays both buffered prefixes (the other direction first: it is older). */
  private boolean decideStream(
      FlowContext flow,
      FlowState st,
      Recogniser r,
      boolean fromOrig,
      byte[] rest,
      int restOff,
      int restLen,
      long ts) {
    flow.app(r.app());
    st.decided = true;
    Tracker t = r.track(flow, ts);
    st.tracker = t;
    boolean more = t != null;
    if (more && st.prefixLen(!fromOrig) > 0) {
      more = t.onData(flow, !fromOrig, st.prefix(!fromOrig), 0, st.prefixLen(!fromOrig), ts);
    }
    if (more) {
      more = t.onData(flow, fromOrig, st.prefix(fromOrig), 0, st.prefixLen(fromOrig), ts);
    }
    if (more && restLen > 0) {
      more = t.onData(flow, fromOrig, rest, restOff, restLen, ts);
    }
    st.releasePrefixes();
    st.done = !more;
    return more;
  }

  private boolean probeDatagram(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] buf, int off, int len, long ts) {
    if (fromOrig) {
      st.origDatagrams++;
    } else {
      st.respDatagrams++;
    }
    for (int i = 0; i < datagramRecognisers.length; i++) {
      if ((st.alive & (1L << i)) == 0) {
        continue;
      }
      Recogniser r = datagramRecognisers[i];
      Verdict v = r.probe(flow, st, fromOrig, buf, off, len);
      if (v == Verdict.MATCH) {
        flow.app(r.app());
        st.decided = true;
        st.tracker = r.track(flow, ts);
        return follow(flow, st, fromOrig, buf, off, len, ts);
      }
      if (v == Verdict.NO) {
        st.alive &= ~(1L << i);
      }
    }
    if ((st.alive & ((1L << datagramRecognisers.length) - 1)) == 0
        || st.origDatagrams >= FlowState.DATAGRAM_PROBE_LIMIT
        || st.respDatagrams >= FlowState.DATAGRAM_PROBE_LIMIT) {
      giveUp(flow, st);
      return false;
    }
    return true;
  }

  private static void giveUp(FlowContext flow, FlowState st) {
    flow.app(App.UNKNOWN);
    st.decided = true;
    st.done = true;
    st.releasePrefixes();
  }

  @Override
  public void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {
    Object o = flow.inspectorState();
    if (!(o instanceof FlowState st)) {
      return;
    }
    if (st.tracker != null) {
      try {
        st.tracker.onGap(flow, fromOrig, lostBytes);
      } catch (RuntimeException e) {
        // As in onPayload: a parser's failure is counted and the flow left alone, never thrown
        // into the packet thread.
        parserFailures++;
        st.tracker.discard();
        st.tracker = null;
        st.done = true;
      }
    } else if (!st.decided) {
      // The prefix is no longer contiguous: stop probing that direction.
      st.markFull(fromOrig);
    }
  }

  @Override
  public void onFlowEnd(FlowContext flow, long tsNanos) {
    FlowState st = state(flow, tsNanos);
    if (!st.decided) {
      Recogniser[] rs = flow.ipProto() == TCP ? streamRecognisers : datagramRecognisers;
      if (flow.ipProto() == TCP || flow.ipProto() == UDP) {
        for (int i = 0; i < rs.length; i++) {
          if ((st.alive & (1L << i)) != 0 && decideAtEnd(rs[i], flow, st)) {
            flow.app(rs[i].app());
            st.decided = true;
            break;
          }
        }
      }
      if (!st.decided) {
        giveUp(flow, st);
      }
    }
    if (st.tracker != null) {
      try {
        st.tracker.onEnd(flow, tsNanos);
      } catch (RuntimeException e) {
        parserFailures++;
        st.tracker.discard(); // an unfinished file copy must not stay open
      }
      st.tracker = null;
    }
    st.done = true;
    st.releasePrefixes();
  }

  private boolean decideAtEnd(Recogniser r, FlowContext flow, FlowState st) {
    try {
      return r.decideAtEnd(flow, st);
    } catch (RuntimeException e) {
      parserFailures++;
      return false;
    }
  }

  private FlowState state(FlowContext flow, long tsNanos) {
    Object o = flow.inspectorState();
    if (o instanceof FlowState st) {
      return st;
    }
    onFlowStart(flow, tsNanos);
    return (FlowState) flow.inspectorState();
  }
}
