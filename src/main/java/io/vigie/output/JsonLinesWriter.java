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
 * Writes the replay's JSON Lines: one {@code "type":"session"} record per finished flow, one {@code
 * "type":"notice"} per notice and a final {@code "type":"stats"}. The field names are a contract
 * other tools rely on (issue "Foundation", item 7): rename nothing.
 *
 * <p>Sessions and notices are spelt by {@link SessionJson} and {@link NoticeJson}, as everywhere
 * else; every session field is always present, {@code null} when unknown, so that consumers can
 * rely on the keys.
 */
public final class JsonLinesWriter implements AutoCloseable {
  private final OutputStream out;
  private final JsonGenerator g;
  private final JsonFieldWriter fields;
  private final SiteStamp site;

  public JsonLinesWriter(OutputStream out) {
    this(out, SiteStamp.NONE);
  }

  /** Records carry {@code site} (and {@code site_tags}) when {@code site} has a name. */
  public JsonLinesWriter(OutputStream out, SiteStamp site) {
    this.site = site;
    this.out = out;
    try {
      this.g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      // line() hands the generator's buffer on before each record it writes: not a flush of the
      // stream under it (a write to the terminal per record). flush() flushes both.
      g.configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, false);
      g.setRootValueSeparator(null);
      this.fields = new JsonFieldWriter(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void session(Session s) {
    record(w -> SessionJson.write(s, w));
  }

  public void notice(Notice n) {
    record(w -> NoticeJson.write(n, w));
  }

  /**
   * A record already spelt by a {@link RecordJson} of the same site, so the bytes {@link #session}
   * or {@link #notice} would write: a replay that exports spells each record once, for its lines
   * and its exports alike.
   */
  public void line(Exported e) {
    try {
      g.flush(); // what the generator wrote before goes first
      out.write(e.json());
      out.write('\n');
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private void record(java.util.function.Consumer<JsonFieldWriter> body) {
    try {
      g.writeStartObject();
      body.accept(fields);
      stamp();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fact of the evidence store as its own record: {@code type} (the evidence kind, such as {@code
   * window_event} or {@code camera_snapshot}), {@code ts}, {@code subject}, then its fields in key
   * order.
   */
  public void fact(String kind, long tsNanos, String subject, Map<String, Object> values) {
    try {
      g.writeStartObject();
      g.writeStringField("type", kind);
      g.writeStringField("ts", Rfc3339.micros(tsNanos));
      g.writeStringField("subject", subject);
      for (Map.Entry<String, Object> e : new java.util.TreeMap<>(values).entrySet()) {
        if (!"type".equals(e.getKey()) && !"ts".equals(e.getKey())) {
          g.writeFieldName(e.getKey());
          value(e.getValue());
        }
      }
      stamp();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(new BigDecimal(n.toString()));
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> it) {
      g.writeStartArray();
      for (Object o : it) {
        value(o);
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }

  private void stamp() throws IOException {
    if (!site.present()) {
      return;
    }
    g.writeStringField("site", site.name());
    if (!site.tags().isEmpty()) {
      g.writeObjectFieldStart("site_tags");
      for (Map.Entry<String, String> t : site.tags().entrySet()) {
        g.writeStringField(t.getKey(), t.getValue());
      }
      g.writeEndObject();
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
      g.writeNumber(
          BigDecimal.valueOf(st.wallNanos(), 9).setScale(3, java.math.RoundingMode.HALF_EVEN));
      g.writeFieldName("capture_seconds");
      g.writeNumber(
          BigDecimal.valueOf(st.captureNanos(), 9).setScale(6, java.math.RoundingMode.HALF_EVEN));
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
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      g.close();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
