package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A flow written as text beside its golden result, in {@code src/test/resources/io/vigie/protocol}.
 *
 * <pre>
 * # comment
 * flow tcp 40000 22          (protocol, originator port, responder port)
 * &gt; SSH-2.0-OpenSSH_9.6\r\n   (a payload of the originator; \r \n \t \\ \xHH escapes)
 * &lt; hex 5353482d            (a payload of the responder, in hex)
 * </pre>
 *
 * The golden file {@code NAME.expected} lists {@code app=...}, the non-empty attributes, the
 * announced flows and the learnt names, one per line, as {@link #describe} writes them.
 */
final class Fixture {
  final boolean tcp;
  final int origPort;
  final int respPort;
  final List<Boolean> fromOrig = new ArrayList<>();
  final List<byte[]> payloads = new ArrayList<>();

  private Fixture(boolean tcp, int origPort, int respPort) {
    this.tcp = tcp;
    this.origPort = origPort;
    this.respPort = respPort;
  }

  static Fixture load(String name) {
    String text = resource(name + ".flow");
    Fixture f = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("flow ")) {
        String[] p = line.trim().split(" +");
        f = new Fixture(p[1].equals("tcp"), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        continue;
      }
      assertNotNull(f, name + ": 'flow' line must come first");
      boolean orig = line.startsWith(">");
      String body = line.substring(2);
      f.fromOrig.add(orig);
      f.payloads.add(
          body.startsWith("hex ")
              ? HexFormat.of().parseHex(body.substring(4).replace(" ", ""))
              : unescape(body));
    }
    return f;
  }

  TestFlow newFlow() {
    return tcp ? TestFlow.tcp(origPort, respPort) : TestFlow.udp(origPort, respPort);
  }

  /** Runs the fixture through a fresh engine and compares with the golden file. */
  static Feeder check(String name) {
    Fixture fx = load(name);
    Feeder feeder = new Feeder();
    TestFlow flow = fx.newFlow();
    feeder.start(flow);
    for (int i = 0; i < fx.payloads.size(); i++) {
      feeder.feed(flow, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    feeder.end(flow);
    assertEquals(resource(name + ".expected").strip(), describe(flow, feeder).strip(), name);
    return feeder;
  }

  static String describe(TestFlow f, Feeder feeder) {
    SessionAttrs a = f.attrs();
    StringBuilder sb = new StringBuilder();
    sb.append("app=").append(f.app()).append('\n');
    field(sb, "sshClient", a.sshClient);
    field(sb, "sshServer", a.sshServer);
    field(sb, "hassh", a.hassh);
    field(sb, "hasshServer", a.hasshServer);
    field(sb, "sni", a.sni);
    field(sb, "tlsVersion", a.tlsVersion);
    field(sb, "alpn", a.alpn);
    field(sb, "httpMethod", a.httpMethod);
    field(sb, "httpHost", a.httpHost);
    field(sb, "httpUri", a.httpUri);
    field(sb, "httpContentType", a.httpContentType);
    field(sb, "httpUserAgent", a.httpUserAgent);
    field(sb, "upnpAction", a.upnpAction);
    if (a.upnpExternalPort >= 0) {
      field(sb, "upnpExternalPort", Integer.toString(a.upnpExternalPort));
    }
    field(sb, "upnpInternalClient", a.upnpInternalClient);
    if (a.upnpInternalPort >= 0) {
      field(sb, "upnpInternalPort", Integer.toString(a.upnpInternalPort));
    }
    if (!a.isapiPaths.isEmpty()) {
      field(sb, "isapiPaths", String.join(",", a.isapiPaths));
    }
    field(sb, "ftpUser", a.ftpUser);
    if (!a.ftpFiles.isEmpty()) {
      field(sb, "ftpFiles", String.join(",", a.ftpFiles));
    }
    field(sb, "tftpOp", a.tftpOp);
    field(sb, "tftpFile", a.tftpFile);
    field(sb, "dnsQuery", a.dnsQuery);
    field(sb, "sipMethod", a.sipMethod);
    field(sb, "sipUri", a.sipUri);
    field(sb, "sipUserAgent", a.sipUserAgent);
    if (a.sipStatus > 0) {
      field(sb, "sipStatus", Integer.toString(a.sipStatus));
    }
    field(sb, "gb28181DeviceId", a.gbDeviceId);
    field(sb, "gb28181PlatformId", a.gbPlatformId);
    if (!a.gbCmds.isEmpty()) {
      field(sb, "gb28181Cmds", String.join(",", a.gbCmds));
    }
    if (!a.dahuaMethods.isEmpty()) {
      field(sb, "dahuaMethods", String.join(",", a.dahuaMethods));
    }
    field(sb, "isupDeviceId", a.isupDeviceId);
    field(sb, "mqttClientId", a.mqttClientId);
    if (!a.mqttTopics.isEmpty()) {
      field(sb, "mqttTopics", String.join(",", a.mqttTopics));
    }
    field(sb, "clearLoginProtocol", a.clearLoginProtocol);
    field(sb, "loginUser", a.loginUser);
    if (a.clearPassword) {
      field(sb, "clearPassword", "true");
    }
    field(sb, "rdpCookie", a.rdpCookie);
    field(sb, "vncVersion", a.vncVersion);
    field(sb, "parent", a.parent);
    field(sb, "fileSha256", a.fileSha256);
    if (a.fileSize >= 0) {
      field(sb, "fileSize", Long.toString(a.fileSize));
      field(sb, "fileUpload", Boolean.toString(a.fileUpload));
    }
    for (Expectation e : feeder.expected) {
      sb.append("expect=")
          .append(e.app())
          .append(' ')
          .append(e.ipProto() == 6 ? "tcp" : "udp")
          .append(' ')
          .append(addr(e.ipVersion(), e.hostHi(), e.hostLo()))
          .append(':')
          .append(e.hostPort())
          .append(" <- ")
          .append(addr(e.ipVersion(), e.peerHi(), e.peerLo()))
          .append(':')
          .append(e.peerPort())
          .append(" parent=")
          .append(e.parentCommunityId());
      if (e.attrs() != null) {
        if (e.attrs().tftpFile != null) {
          sb.append(" tftp=").append(e.attrs().tftpOp).append(':').append(e.attrs().tftpFile);
        }
        if (!e.attrs().ftpFiles.isEmpty()) {
          sb.append(" files=").append(String.join(",", e.attrs().ftpFiles));
        }
      }
      sb.append('\n');
    }
    for (String l : feeder.learnt) {
      sb.append("learn=").append(l).append('\n');
    }
    return sb.toString();
  }

  private static String addr(int v, long hi, long lo) {
    return v == 4 ? Feeder.ipv4(lo) : Long.toHexString(hi) + "/" + Long.toHexString(lo);
  }

  private static void field(StringBuilder sb, String k, String v) {
    if (v != null) {
      sb.append(k).append('=').append(v).append('\n');
    }
  }

  static String resource(String name) {
    try (InputStream in = Fixture.class.getResourceAsStream(name)) {
      assertNotNull(in, "missing test resource io/vigie/protocol/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.write(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> out.write(n);
      }
    }
    return out.toByteArray();
  }

  /** Every prefix of every payload, alone, must be handled without an exception. */
  static void truncationsDoNotThrow(String name) {
    Fixture fx = load(name);
    for (int i = 0; i < fx.payloads.size(); i++) {
      byte[] p = fx.payloads.get(i);
      for (int cut = 0; cut <= p.length; cut++) {
        Feeder feeder = new Feeder();
        TestFlow flow = fx.newFlow();
        feeder.start(flow);
        for (int k = 0; k < i; k++) {
          feeder.feed(flow, fx.fromOrig.get(k), fx.payloads.get(k));
        }
        feeder.feed(flow, fx.fromOrig.get(i), java.util.Arrays.copyOf(p, cut));
        feeder.end(flow);
        assertNotNull(flow.app(), name + " cut at " + cut);
        // The engine turns a parser's exception into a counted failure: none may have happened.
        assertEquals(
            0, feeder.engine.parserFailures(), name + " cut at " + cut + ": a parser threw");
      }
    }
  }
}
