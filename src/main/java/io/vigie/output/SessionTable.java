package io.vigie.output;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.protocol.DnsDetails;
import io.vigie.protocol.FileDetails;
import io.vigie.protocol.FtpDetails;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.ParentDetails;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SshDetails;
import io.vigie.protocol.TftpDetails;
import io.vigie.protocol.TlsDetails;
import java.io.PrintWriter;

/**
 * The replay's output for a person: one line per session and per notice, aligned, with what the
 * recognisers learnt in the last column.
 */
public final class SessionTable {
  private final PrintWriter out;
  private boolean headerDone;

  public SessionTable(PrintWriter out) {
    this.out = out;
  }

  public void session(Session s) {
    header();
    String orig = endpoint(s.origH(), s.origP(), s.origName());
    String resp = endpoint(s.respH(), s.respP(), s.respName());
    out.printf(
        "%-26s %9.3f %-5s %-34s %-34s %-9s %-8s %-6s %-24s %s%n",
        Rfc3339.micros(s.startNanos()),
        s.durationSeconds(),
        s.proto(),
        orig,
        resp,
        s.app().wireName(),
        s.direction().wireName(),
        s.vendor() ? "vendor" : "-",
        s.verdict() == null ? "-" : s.verdict() + (s.window() == null ? "" : "@" + s.window()),
        details(s));
  }

  public void notice(Notice n) {
    header();
    out.printf(
        "%-26s NOTICE %-8s %-30s %s%s%n",
        Rfc3339.micros(n.tsNanos()),
        n.severity().wireName(),
        n.note(),
        n.msg(),
        n.window() == null ? "" : " [window " + n.window() + "]");
  }

  public void stats(ReplayStats st) {
    out.printf(
        "%n%d packets, %d bytes, %d sessions, %d notices, %d malformed%s in %.3f s%n",
        st.packets(),
        st.bytes(),
        st.sessions(),
        st.notices(),
        st.malformedTotal(),
        st.malformed().isEmpty() ? "" : " " + st.malformed(),
        st.wallNanos() / 1e9);
    for (String d : st.damaged()) {
      out.println("warning: " + d);
    }
    out.flush();
  }

  private void header() {
    if (!headerDone) {
      headerDone = true;
      out.printf(
          "%-26s %9s %-5s %-34s %-34s %-9s %-8s %-6s %-24s %s%n",
          "start (UTC)",
          "seconds",
          "proto",
          "originator",
          "responder",
          "app",
          "dir",
          "vendor",
          "verdict",
          "details");
    }
  }

  private static String endpoint(String h, int p, String name) {
    String hp = (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + p;
    return name == null ? hp : hp + " (" + name + ")";
  }

  private static String details(Session s) {
    SessionDetails d = s.details();
    SshDetails ssh = d.get(SshDetails.KIND);
    TlsDetails tls = d.get(TlsDetails.KIND);
    HttpDetails http = d.get(HttpDetails.KIND);
    FtpDetails ftp = d.get(FtpDetails.KIND);
    TftpDetails tftp = d.get(TftpDetails.KIND);
    FileDetails file = d.get(FileDetails.KIND);
    StringBuilder b = new StringBuilder();
    add(b, "client", ssh.client());
    add(b, "server", ssh.server());
    add(b, "sni", tls.sni());
    add(b, "tls", tls.version());
    if (http.method() != null) {
      add(
          b,
          "http",
          http.method()
              + " "
              + (http.host() == null ? "" : http.host())
              + (http.uri() == null ? "" : http.uri()));
    }
    add(b, "user", ftp.user());
    if (!ftp.files().isEmpty()) {
      add(b, "files", String.join(",", ftp.files()));
    }
    if (tftp.op() != null) {
      add(b, "tftp", tftp.op() + " " + tftp.file());
    }
    add(b, "dns", d.get(DnsDetails.KIND).query());
    add(b, "sha256", file.sha256());
    if (file.size() >= 0) {
      add(b, "size", Long.toString(file.size()));
    }
    add(b, "parent", d.get(ParentDetails.KIND).parent());
    return b.toString();
  }

  private static void add(StringBuilder b, String k, String v) {
    if (v != null) {
      b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v);
    }
  }

  public void flush() {
    out.flush();
  }
}
