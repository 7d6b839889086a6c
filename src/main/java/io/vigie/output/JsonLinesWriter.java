package io.vigie.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigie.decode.Malformed;
import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes the replay's JSON Lines: one {@code "type":"session"} record per finished flow, one
 * {@code "type":"notice"} per notice and a final {@code "type":"stats"}. The field names are a
 * contract other tools rely on (issue "Foundation", item 7): rename nothing.
 *
 * <p>Every listed session field is always present, {@code null} when unknown, so that consumers
 * can rely on the keys.
 */
public final class JsonLinesWriter implements AutoCloseable {
  private final JsonGenerator g;

  public JsonLinesWriter(OutputStream out) {
    try {
      this.g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void session(Session s) {
    try {
      g.writeStartObject();
      g.writeStringField("type", "session");
      g.writeStringField("ts", Rfc3339.micros(s.startNanos()));
      g.writeFieldName("duration");
      g.writeNumber(BigDecimal.valueOf(s.endNanos() - s.startNanos(), 9).setScale(6, java.math.RoundingMode.HALF_EVEN));
      g.writeStringField("proto", s.proto());
      g.writeStringField("orig_h", s.origH());
      g.writeNumberField("orig_p", s.origP());
      g.writeStringField("resp_h", s.respH());
      g.writeNumberField("resp_p", s.respP());
      g.writeStringField("community_id", s.communityId());
      g.writeStringField("app", s.app().wireName());
      g.writeArrayFieldStart("apps");
      for (io.vigie.protocol.App a : s.apps()) {
        g.writeString(a.wireName());
      }
      g.writeEndArray();
      g.writeNumberField("orig_bytes", s.origBytes());
      g.writeNumberField("resp_bytes", s.respBytes());
      g.writeNumberField("orig_pkts", s.origPkts());
      g.writeNumberField("resp_pkts", s.respPkts());
      g.writeStringField("direction", s.direction().wireName());
      g.writeBooleanField("vendor", s.vendor());
      g.writeBooleanField("file_upload", s.details().fileUpload() && s.details().fileSha256() != null);
      g.writeStringField("orig_name", s.origName());
      g.writeStringField("resp_name", s.respName());
      Session.Details d = s.details();
      g.writeStringField("ssh_client", d.sshClient());
      g.writeStringField("ssh_server", d.sshServer());
      g.writeStringField("sni", d.sni());
      g.writeStringField("tls_version", d.tlsVersion());
      g.writeStringField("alpn", d.alpn());
      g.writeStringField("http_method", d.httpMethod());
      g.writeStringField("http_host", d.httpHost());
      g.writeStringField("http_uri", d.httpUri());
      g.writeStringField("http_content_type", d.httpContentType());
      g.writeStringField("http_user_agent", d.httpUserAgent());
      g.writeStringField("ftp_user", d.ftpUser());
      writeList("ftp_files", d.ftpFiles());
      g.writeStringField("tftp_op", d.tftpOp());
      g.writeStringField("tftp_file", d.tftpFile());
      g.writeStringField("dns_query", d.dnsQuery());
      g.writeStringField("rdp_cookie", d.rdpCookie());
      g.writeStringField("vnc_version", d.vncVersion());
      g.writeStringField("parent", d.parent());
      g.writeStringField("file_sha256", d.fileSha256());
      if (d.fileSize() >= 0) {
        g.writeNumberField("file_size", d.fileSize());
      } else {
        g.writeNullField("file_size");
      }
      g.writeStringField("end_reason", s.endReason());
      g.writeStringField("verdict", s.verdict());
      g.writeStringField("window", s.window());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void notice(Notice n) {
    try {
      g.writeStartObject();
      g.writeStringField("type", "notice");
      g.writeStringField("ts", Rfc3339.micros(n.tsNanos()));
      g.writeStringField("note", n.note());
      g.writeStringField("severity", n.severity().wireName());
      g.writeStringField("id", n.id());
      g.writeStringField("community_id", n.communityId());
      g.writeStringField("msg", n.msg());
      g.writeStringField("window", n.window());
      if (n.camera() != null) {
        g.writeStringField("camera", n.camera());
      }
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The closing record of a replay. */
  public void stats(ReplayStats st) {
    try {
      g.writeStartObject();
      g.writeStringField("type", "stats");
      g.writeNumberField("packets", st.packets());
      g.writeNumberField("bytes", st.bytes());
      g.writeObjectFieldStart("malformed");
      for (Map.Entry<Malformed, Long> e : st.malformed().entrySet()) {
        if (e.getKey() != Malformed.NOT_IP) {
          g.writeNumberField(e.getKey().label(), e.getValue());
        }
      }
      g.writeEndObject();
      g.writeNumberField("malformed_total", st.malformedTotal());
      g.writeNumberField("not_ip", st.malformed().getOrDefault(Malformed.NOT_IP, 0L));
      g.writeNumberField("sessions", st.sessions());
      g.writeNumberField("notices", st.notices());
      g.writeNumberField("flows_evicted", st.flowsEvicted());
      g.writeFieldName("seconds");
      g.writeNumber(BigDecimal.valueOf(st.wallNanos(), 9).setScale(3, java.math.RoundingMode.HALF_EVEN));
      g.writeFieldName("capture_seconds");
      g.writeNumber(BigDecimal.valueOf(st.captureNanos(), 9).setScale(6, java.math.RoundingMode.HALF_EVEN));
      writeList("files", st.files());
      writeList("damaged", st.damaged());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeList(String name, List<String> values) throws IOException {
    if (values == null || values.isEmpty()) {
      g.writeNullField(name);
      return;
    }
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  public void flush() {
    try {
      g.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      g.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
