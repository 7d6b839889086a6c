package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every evidence record under {@code record_max_bytes} of canonical JSON: what a peer
 * controls (a reason, a ticket, a banner, a URI) could otherwise make one record as large as it
 * likes. The longest text values are cut first, each ending with a marker that says how much was
 * cut, and the record gains {@code "truncated_fields": <number of values cut>}; the caller counts
 * it.
 *
 * <pre>{@code
 * EvidenceRecord kept = RecordCap.fit(record, 16384);   // the same record when it fits
 * }</pre>
 *
 * <p>Only top-level text values and text inside top-level maps and lists are cut; numbers, keys and
 * the record's kind, time and subject are kept as they are.
 */
final class RecordCap {
  static final String MARKER = "…[truncated ";

  private RecordCap() {}

  /**
   * {@code r} itself when its fields fit in {@code maxBytes}, else a copy with its longest texts
   * cut.
   */
  static EvidenceRecord fit(EvidenceRecord r, int maxBytes) {
    if (bytes(r.fields()) <= maxBytes) {
      return r;
    }
    // The longest length L to which every longer text can be cut so that the record fits: texts
    // shorter than L stay whole, so the cut falls on the few values that made the record big.
    int lo = 0;
    int hi = 0;
    for (Slot t : texts(r.fields())) {
      hi = Math.max(hi, t.text().length());
    }
    Map<String, Object> best = cutAt(r.fields(), 0);
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Map<String, Object> f = cutAt(r.fields(), mid);
      if (bytes(f) <= maxBytes) {
        best = f;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return new EvidenceRecord(r.kind(), r.tsNanos(), r.subject(), best);
  }

  /**
   * The fields with every text longer than {@code limit} cut to it, marked, and counted in
   * "truncated".
   */
  private static Map<String, Object> cutAt(Map<String, Object> fields, int limit) {
    Map<String, Object> f = new LinkedHashMap<>(fields);
    int cut = 0;
    for (Slot t : texts(fields)) {
      if (t.text().length() > limit) {
        t.set(f, t.text().substring(0, limit) + MARKER + (t.text().length() - limit) + " chars]");
        cut++;
      }
    }
    f.put("truncated_fields", cut);
    return f;
  }

  private static int bytes(Map<String, Object> fields) {
    return CanonicalJson.write(fields).getBytes(StandardCharsets.UTF_8).length;
  }

  /** A text value and how to replace it. */
  private record Slot(String key, Object index, String text) {
    @SuppressWarnings("unchecked")
    void set(Map<String, Object> f, String value) {
      if (index == null) {
        f.put(key, value);
      } else if (index instanceof String k) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) f.get(key));
        m.put(k, value);
        f.put(key, m);
      } else {
        List<Object> l = new ArrayList<>((List<Object>) f.get(key));
        l.set((Integer) index, value);
        f.put(key, l);
      }
    }
  }

  private static List<Slot> texts(Map<String, Object> f) {
    List<Slot> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : f.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String s) {
        out.add(new Slot(e.getKey(), null, s));
      } else if (v instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> in : m.entrySet()) {
          if (in.getValue() instanceof String s && in.getKey() instanceof String k) {
            out.add(new Slot(e.getKey(), k, s));
          }
        }
      } else if (v instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          if (l.get(i) instanceof String s) {
            out.add(new Slot(e.getKey(), i, s));
          }
        }
      }
    }
    return out;
  }
}
