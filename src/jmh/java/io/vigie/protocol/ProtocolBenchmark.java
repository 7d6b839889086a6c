package io.vigie.protocol;

import io.vigie.jmh.BenchmarkFlow;
import io.vigie.jmh.ProbeInput;
import io.vigie.net.App;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The recognisers, one {@code recogniser} parameter each, on a flow of their own protocol (a unit
 * test fixture, or the demo's TLS phone-home and RTP main stream):
 *
 * <ul>
 *   <li>{@code probeOwn}: the recogniser alone, fed its flow as the engine feeds it (the growing
 *       prefix of each TCP direction, each UDP datagram) until it answers MATCH (RTP: three
 *       datagrams); includes the engine's per-flow state, a new flow per operation;
 *   <li>{@code probeOthers}: the recogniser probing the first payload of every other fixture of its
 *       transport, one per operation: the price each new flow of another protocol pays for it;
 *   <li>{@code engineNewFlow}: the whole {@link ProtocolEngine} on that flow (every recogniser
 *       ahead in its list says NO first), then the tracker, to the flow's end: one new flow per
 *       operation.
 * </ul>
 *
 * And the fast paths of a flow already decided, where most packets go: {@code decidedRtpAnnounced}
 * (RTP announced by RTSP's SETUP, never probed) and {@code decidedRtpByContent} (RTP recognised on
 * its third datagram), one packet per operation, 0 B/op expected.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class ProtocolBenchmark {
  /** The inputs every recogniser probes in probeOthers. */
  private static final String[] ALL = {
    "ssh",
    "tls",
    "rdp",
    "vnc",
    "smb",
    "http",
    "rtsp",
    "sip",
    "ftp",
    "telnet",
    "mqtt",
    "dahua",
    "isup",
    "dns",
    "openvpn",
    "rtp",
    "tftp",
    "ike",
    "wireguard",
    "ntp",
    "dahua-p2p",
    "sadp",
    "ssdp"
  };

  static Recogniser recogniser(String name) {
    return switch (name) {
      case "ssh" -> new SshRecogniser();
      case "tls" -> new TlsRecogniser();
      case "rdp" -> new RdpRecogniser();
      case "vnc" -> new VncRecogniser();
      case "smb" -> new SmbRecogniser();
      case "http" -> new HttpRecogniser(FileSink.NONE);
      case "rtsp" -> new RtspRecogniser(Expectations.NONE);
      case "sip" -> new SipRecogniser(Expectations.NONE);
      case "ftp" -> new FtpRecogniser(Expectations.NONE, new FtpTransfers());
      case "telnet" -> new TelnetRecogniser();
      case "mqtt" -> new MqttRecogniser();
      case "dahua" -> new DahuaRecogniser();
      case "isup" -> new IsupRecogniser();
      case "dns" -> new DnsRecogniser(NameObserver.NONE);
      case "openvpn" -> new OpenVpnRecogniser();
      case "rtp" -> new RtpRecogniser();
      case "tftp" -> new TftpRecogniser(Expectations.NONE, FileSink.NONE);
      case "ike" -> new IkeRecogniser();
      case "wireguard" -> new WireGuardRecogniser();
      case "ntp" -> new NtpRecogniser();
      case "dahua-p2p" -> new DahuaP2pRecogniser();
      case "sadp" -> new SadpRecogniser();
      case "ssdp" -> new SsdpRecogniser();
      default -> throw new IllegalArgumentException("recogniser: " + name);
    };
  }

  static ProbeInput input(String name) {
    return switch (name) {
      case "tls" -> ProbeInput.tls();
      case "rtp" -> ProbeInput.rtp();
      case "ssh" -> ProbeInput.fixture("ssh-client-first");
      case "rdp" -> ProbeInput.fixture("rdp-cookie");
      case "vnc" -> ProbeInput.fixture("vnc-handshake");
      case "smb" -> ProbeInput.fixture("smb-direct-445");
      case "http" -> ProbeInput.fixture("http-onvif-soap-post");
      case "rtsp" -> ProbeInput.fixture("rtsp-setup-play");
      case "sip" -> ProbeInput.fixture("sip-gb28181-register");
      case "ftp" -> ProbeInput.fixture("ftp-passive");
      case "telnet" -> ProbeInput.fixture("telnet-negotiation");
      case "mqtt" -> ProbeInput.fixture("mqtt-connect-port8443");
      case "dahua" -> ProbeInput.fixture("dahua-dhip-login");
      case "isup" -> ProbeInput.fixture("isup-register");
      case "dns" -> ProbeInput.fixture("dns-udp-cname");
      case "openvpn" -> ProbeInput.fixture("openvpn-udp");
      case "tftp" -> ProbeInput.fixture("tftp-rrq");
      case "ike" -> ProbeInput.fixture("ike-v2-sa-init");
      case "wireguard" -> ProbeInput.fixture("wireguard-handshake-5060");
      case "ntp" -> ProbeInput.fixture("ntp-client-server");
      case "dahua-p2p" -> ProbeInput.fixture("dahua-p2p-easy4ip");
      case "sadp" -> ProbeInput.fixture("sadp-inquiry");
      case "ssdp" -> ProbeInput.fixture("ssdp-msearch");
      default -> throw new IllegalArgumentException("input: " + name);
    };
  }

  /** One recogniser, its own flow, and the first payloads of the others. */
  @State(Scope.Thread)
  public static class Recognition {
    @Param({
      "ssh",
      "tls",
      "rdp",
      "vnc",
      "smb",
      "http",
      "rtsp",
      "sip",
      "ftp",
      "telnet",
      "mqtt",
      "dahua",
      "isup",
      "dns",
      "openvpn",
      "rtp",
      "tftp",
      "ike",
      "wireguard",
      "ntp",
      "dahua-p2p",
      "sadp",
      "ssdp"
    })
    public String recogniser;

    Recogniser r;
    ProbeInput own;
    BenchmarkFlow flow;
    ProtocolEngine engine;
    App expected;
    BenchmarkFlow[] otherFlows;
    byte[][] otherPayloads;
    boolean[] otherFromOrig;
    int nextOther;

    @Setup(Level.Trial)
    public void setUp() {
      r = recogniser(recogniser);
      own = input(recogniser);
      flow = own.newFlow();
      // A camera's SIP is GB/T 28181: the SIP tracker names the flow after it.
      expected = recogniser.equals("sip") ? App.GB28181 : r.app();
      engine = new ProtocolEngine(Expectations.NONE, NameObserver.NONE);
      List<ProbeInput> others = new ArrayList<>();
      for (String name : ALL) {
        ProbeInput in = input(name);
        if (!name.equals(recogniser) && in.tcp() == own.tcp()) {
          others.add(in);
        }
      }
      otherFlows = new BenchmarkFlow[others.size()];
      otherPayloads = new byte[others.size()][];
      otherFromOrig = new boolean[others.size()];
      for (int i = 0; i < others.size(); i++) {
        otherFlows[i] = others.get(i).newFlow();
        otherPayloads[i] = others.get(i).payloads()[0];
        otherFromOrig[i] = others.get(i).fromOrig()[0];
      }
      Verdict v = probeOwn(this);
      if (v != Verdict.MATCH) {
        throw new IllegalStateException(recogniser + " answered " + v + " on " + own.name());
      }
      App app = engineNewFlow(this);
      if (app != expected) {
        throw new IllegalStateException(
            "the engine decided " + app + " on " + own.name() + ", not " + expected);
      }
    }
  }

  static Verdict probeOwn(Recognition s) {
    BenchmarkFlow flow = s.flow;
    flow.reset();
    FlowState st = new FlowState();
    ProbeInput in = s.own;
    Verdict v = Verdict.MAYBE;
    for (int i = 0; i < in.payloads().length && v == Verdict.MAYBE; i++) {
      boolean fromOrig = in.fromOrig()[i];
      byte[] p = in.payloads()[i];
      if (in.tcp()) {
        st.append(fromOrig, p, 0, p.length);
        v = s.r.probe(flow, st, fromOrig, st.prefix(fromOrig), 0, st.prefixLen(fromOrig));
      } else {
        if (fromOrig) {
          st.origDatagrams++;
        } else {
          st.respDatagrams++;
        }
        v = s.r.probe(flow, st, fromOrig, p, 0, p.length);
      }
    }
    return v;
  }

  static App engineNewFlow(Recognition s) {
    BenchmarkFlow flow = s.flow;
    flow.reset();
    ProbeInput in = s.own;
    s.engine.onFlowStart(flow, 0);
    for (int i = 0; i < in.payloads().length; i++) {
      byte[] p = in.payloads()[i];
      if (!s.engine.onPayload(flow, in.fromOrig()[i], p, 0, p.length, i)) {
        break;
      }
    }
    s.engine.onFlowEnd(flow, in.payloads().length);
    return flow.app();
  }

  @Benchmark
  public void probeOwn(Recognition s, Blackhole bh) {
    bh.consume(probeOwn(s));
  }

  @Benchmark
  public void probeOthers(Recognition s, Blackhole bh) {
    int i = s.nextOther;
    s.nextOther = i + 1 == s.otherFlows.length ? 0 : i + 1;
    BenchmarkFlow flow = s.otherFlows[i];
    flow.reset();
    FlowState st = new FlowState();
    byte[] p = s.otherPayloads[i];
    bh.consume(s.r.probe(flow, st, s.otherFromOrig[i], p, 0, p.length));
  }

  @Benchmark
  public void engineNewFlow(Recognition s, Blackhole bh) {
    bh.consume(engineNewFlow(s));
  }

  /** RTP flows already decided, as most packets of a video network find them. */
  @State(Scope.Thread)
  public static class Decided {
    ProtocolEngine engine;
    BenchmarkFlow announced;
    BenchmarkFlow byContent;
    byte[][] rtp;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      engine = new ProtocolEngine(Expectations.NONE, NameObserver.NONE);
      ProbeInput in = ProbeInput.rtp();
      rtp = in.payloads();
      announced = in.newFlow();
      announced.reset(App.RTP);
      engine.onFlowStart(announced, 0);
      byContent = in.newFlow();
      engine.onFlowStart(byContent, 0);
      int fed = 0;
      while (engine.onPayload(byContent, true, rtp[fed], 0, rtp[fed].length, fed)) {
        fed++;
      }
      if (byContent.app() != App.RTP || fed != 2) {
        throw new IllegalStateException(
            "RTP by content: " + byContent.app() + " after " + (fed + 1) + " datagrams");
      }
    }

    byte[] nextPayload() {
      int i = next;
      next = i + 1 == rtp.length ? 0 : i + 1;
      return rtp[i];
    }
  }

  @Benchmark
  public void decidedRtpAnnounced(Decided s, Blackhole bh) {
    byte[] p = s.nextPayload();
    bh.consume(s.engine.onPayload(s.announced, true, p, 0, p.length, 1));
  }

  @Benchmark
  public void decidedRtpByContent(Decided s, Blackhole bh) {
    byte[] p = s.nextPayload();
    bh.consume(s.engine.onPayload(s.byContent, true, p, 0, p.length, 1));
  }
}
