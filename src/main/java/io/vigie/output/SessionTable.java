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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The replay's output for a person, written when the replay ends: the sessions in time order (of
 * their start), then the notices apart, in time order, then a closing summary in words and the
 * counters.
 *
 * <pre>
 * start (UTC)   seconds proto originator   responder   app  dir  vendor verdict  details
 * ...one line per session, by start time...
 *
 * Notices (2)
 * 2026-11-23T09:01:30Z NOTICE high  vendor_access_outside_window  Acme reached cam-05 by ssh ...
 *
 * Summary: 2 vendor sessions without a window, 1 uncertified firmware.
 * 1234 packets, ... in 0.120 s
 * </pre>
 *
 * <p>Rows are kept as formatted lines until the end (the replay delivers sessions as they end, not
 * as they start): one short string per session.
 */
public final class SessionTable {
  /** A formatted line and what orders it. */
  private record Row(long tsNanos, long seq, String line) {}

  private static final Comparator<Row> IN_TIME =
      Comparator.comparingLong(Row::tsNanos).thenComparingLong(Row::seq);

  private final PrintWriter out;
  private final List<Row> sessions = new ArrayList<>();
  private final List<Row> notices = new ArrayList<>();
  private final Summary summary = new Summary();
  private long seq;

  public SessionTable(PrintWriter out) {
    this.out = out;
  }

  public void session(Session s) {
    summary.session(s);
    String orig = endpoint(s.origH(), s.origP(), s.origName());
    String resp = endpoint(s.respH(), s.respP(), s.respName());
    sessions.add(
        new Row(
            s.startNanos(),
            seq++,
            String.format(
                "%-26s %9.3f %-5s %-34s %-34s %-9s %-8s %-6s %-24s %s",
                Rfc3339.micros(s.startNanos()),
                s.durationSeconds(),
                s.proto(),
                orig,
                resp,
                s.app().wireName(),
                s.direction().wireName(),
                s.vendor() ? "vendor" : "-",
                s.verdict() == null
                    ? "-"
                    : s.verdict() + (s.window() == null ? "" : "@" + s.window()),
                details(s))));
  }

  public void notice(Notice n) {
    summary.notice(n);
    notices.add(
        new Row(
            n.tsNanos(),
            seq++,
            String.format(
                "%-26s NOTICE %-8s %-30s %s%s",
                Rfc3339.micros(n.tsNanos()),
                n.severity().wireName(),
                n.note(),
                n.msg(),
                n.window() == null ? "" : " [window " + n.window() + "]")));
  }

  public void stats(ReplayStats st) {
    header();
    sessions.sort(IN_TIME);
    sessions.forEach(r -> out.println(r.line()));
    if (!notices.isEmpty()) {
      notices.sort(IN_TIME);
      out.printf("%nNotices (%d)%n", notices.size());
      notices.forEach(r -> out.println(r.line()));
    }
    out.printf("%nSummary: %s.%n", summary.words());
    out.printf(
        "%d packets, %d bytes, %d sessions, %d notices, %d malformed%s in %.3f s%n",
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
