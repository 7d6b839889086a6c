package io.vigie.evidence;

import io.vigie.notice.Notice;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A notice as an evidence record: kind {@code notice}, subject the camera, else the window, else
 * the session's Community ID; fields as in the replay JSON.
 */
public final class Notices {
  private Notices() {}

  public static EvidenceRecord of(Notice n) {
    Map<String, Object> f = new HashMap<>(16);
    f.put("ts", BigDecimal.valueOf(n.tsNanos(), 9));
    put(f, "note", n.note());
    put(f, "severity", n.severity() == null ? null : n.severity().wireName());
    put(f, "id", n.id());
    put(f, "community_id", n.communityId());
    put(f, "msg", n.msg());
    put(f, "window", n.window());
    put(f, "camera", n.camera());
    String subject = n.camera() != null ? n.camera() : n.window() != null ? n.window() : n.communityId();
    return new EvidenceRecord("notice", n.tsNanos(), subject, f);
  }

  private static void put(Map<String, Object> f, String k, Object v) {
    if (v != null) {
      f.put(k, v);
    }
  }
}
