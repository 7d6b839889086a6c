package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the engine over the shared corpus with tshark as a stand-in flow table (packet order,
 * retransmissions dropped, expectations honoured), and checks every expected app of every capture
 * is recognised. The real check runs on main through {@code vigie replay}; this one lets the
 * protocol package be worked on before the flow table exists.
 */
@Tag("system")
class CorpusHarnessTest {
  private static final String[] FIELDS = {
    "frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport",
    "udp.srcport", "udp.dstport", "tcp.flags.syn", "tcp.flags.ack",
    "tcp.analysis.retransmission", "tcp.payload", "udp.payload"
  };

  @Test
  void everyExpectedAppOfTheCorpusIsRecognised() throws Exception {
    String shared = System.getProperty("vigie.shared");
    Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "corpus", "pcap")),
        "shared corpus absent");
    Assumptions.assumeTrue(tsharkPresent(), "tshark not installed");
    Path dir = Path.of(shared, "corpus", "pcap");
    List<String> misses = new ArrayList<>();
    for (String row : Files.readAllLines(dir.resolve("MANIFEST.tsv")).subList(1,
        Files.readAllLines(dir.resolve("MANIFEST.tsv")).size())) {
      String[] c = row.split("\t", -1);
      TreeSet<String> found = run(dir.resolve(c[0]));
      for (String app : c[6].split(",")) {
        if (!app.isEmpty() && !found.contains(app)) {
          misses.add(c[0] + ": " + app + " missing (found " + found + ")");
        }
      }
      System.out.println(c[0] + " expected [" + c[6] + "] found " + found);
    }
    assertTrue(misses.isEmpty(), String.join("\n", misses));
  }

  private static boolean tsharkPresent() {
    try {
      return new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** One flow of the stand-in table. */
  private static final class Flow {
    TestFlow ctx;
    String origKey;
    boolean more = true;
  }

  static TreeSet<String> run(Path pcap) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-n", "-T",
        "fields", "-E", "separator=/t", "-E", "occurrence=l"));
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Expectation> expectations = new ArrayList<>();
    ProtocolEngine engine = new ProtocolEngine(expectations::add, NameObserver.NONE);
    Map<String, Flow> flows = new LinkedHashMap<>();
    long ts = 0;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] v = line.split("\t", -1);
        if (v.length < FIELDS.length) {
          continue;
        }
        ts += 1_000_000;
        boolean v6 = v[1].isEmpty();
        String src = v6 ? v[3] : v[1];
        String dst = v6 ? v[4] : v[2];
        boolean tcp = !v[5].isEmpty();
        if (src.isEmpty() || (!tcp && v[7].isEmpty())) {
          continue;
        }
        int sp = Integer.parseInt(tcp ? v[5] : v[7]);
        int dp = Integer.parseInt(tcp ? v[6] : v[8]);
        String a = src + "/" + sp;
        String b = dst + "/" + dp;
        String key = (tcp ? "t" : "u") + (a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a);
        Flow f = flows.get(key);
        if (f == null) {
          f = new Flow();
          boolean synAck = "1".equals(v[9]) && "1".equals(v[10]);
          f.origKey = synAck ? b : a;
          String[] o = synAck ? new String[] {dst, "" + dp} : new String[] {src, "" + sp};
          String[] q = synAck ? new String[] {src, "" + sp} : new String[] {dst, "" + dp};
          long[] oa = addr(o[0]);
          long[] qa = addr(q[0]);
          f.ctx = new TestFlow(tcp ? 6 : 17, v6 ? 6 : 4, oa[0], oa[1], Integer.parseInt(o[1]),
              qa[0], qa[1], Integer.parseInt(q[1]), "1:" + key);
          for (Expectation e : expectations) {
            if (matches(e, f.ctx)) {
              f.ctx.app(e.app());
              f.ctx.attrs().parent = e.parentCommunityId();
              if (e.attrs() != null) {
                f.ctx.attrs().inheritFrom(e.attrs());
              }
              break;
            }
          }
          flows.put(key, f);
          engine.onFlowStart(f.ctx, ts);
        }
        if (!v[11].isEmpty()) {
          continue;
        }
        String hex = tcp ? v[12] : v[13];
        if (hex.isEmpty() || !f.more) {
          continue;
        }
        byte[] payload = HexFormat.of().parseHex(hex.replace(":", ""));
        f.more = engine.onPayload(f.ctx, a.equals(f.origKey), payload, 0, payload.length, ts);
      }
    }
    p.waitFor(60, TimeUnit.SECONDS);
    TreeSet<String> apps = new TreeSet<>();
    for (Flow f : flows.values()) {
      engine.onFlowEnd(f.ctx, ts);
      if (f.ctx.app() != null && f.ctx.app() != App.UNKNOWN) {
        apps.add(f.ctx.app().wireName());
      }
      // One flow, two protocols (an HTTP request answered by an SSH server): the session is
      // http and carries the server's SSH identification, which is the ssh evidence.
      if (f.ctx.app() == App.HTTP && f.ctx.attrs().sshServer != null) {
        apps.add(App.SSH.wireName());
      }
      if (Boolean.getBoolean("vigie.harness.verbose")) {
        SessionAttrs s = f.ctx.attrs();
        System.out.println("  " + f.ctx.communityId() + " " + f.ctx.app() + " ssh=" + s.sshClient
            + "|" + s.sshServer + " sni=" + s.sni + " tls=" + s.tlsVersion + " alpn=" + s.alpn
            + " http=" + s.httpMethod + " " + s.httpHost + s.httpUri + " ua=" + s.httpUserAgent
            + " ftp=" + s.ftpUser + s.ftpFiles + " tftp=" + s.tftpOp + ":" + s.tftpFile
            + " dns=" + s.dnsQuery + " rdp=" + s.rdpCookie + " vnc=" + s.vncVersion
            + " parent=" + s.parent + " sha=" + s.fileSha256 + " size=" + s.fileSize
            + " up=" + s.fileUpload);
      }
    }
    if (Boolean.getBoolean("vigie.harness.verbose")) {
      for (Expectation e : expectations) {
        System.out.println("  expect " + e.app() + " " + Long.toHexString(e.hostLo()) + ":"
            + e.hostPort() + " <- " + Long.toHexString(e.peerLo()) + ":" + e.peerPort());
      }
    }
    return apps;
  }

  private static boolean matches(Expectation e, TestFlow f) {
    if (e.ipProto() != f.ipProto()) {
      return false;
    }
    return ends(e, f.origHi(), f.origLo(), f.origPort(), f.respHi(), f.respLo(), f.respPort())
        || ends(e, f.respHi(), f.respLo(), f.respPort(), f.origHi(), f.origLo(), f.origPort());
  }

  private static boolean ends(Expectation e, long ah, long al, int ap, long bh, long bl, int bp) {
    return e.hostHi() == ah && e.hostLo() == al && (e.hostPort() == 0 || e.hostPort() == ap)
        && e.peerHi() == bh && e.peerLo() == bl && (e.peerPort() == 0 || e.peerPort() == bp);
  }

  private static long[] addr(String s) throws IOException {
    byte[] raw = java.net.InetAddress.getByName(s).getAddress();
    if (raw.length == 4) {
      return new long[] {0, Bytes.u32(raw, 0)};
    }
    return new long[] {Bytes.u64(raw, 0), Bytes.u64(raw, 8)};
  }
}
