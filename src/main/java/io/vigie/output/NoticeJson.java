package io.vigie.output;

import io.vigie.notice.Notice;
import io.vigie.protocol.FieldWriter;

/**
 * The one spelling of a notice as a record, shared by {@code replay --json}, the evidence store and
 * the API's {@code /notices}: {@code ts} in RFC 3339, {@code camera} only on notices about a
 * device.
 */
public final class NoticeJson {
  private NoticeJson() {}

  /** The whole record, {@code "type":"notice"} first. */
  public static void write(Notice n, FieldWriter w) {
    w.string("type", "notice");
    writeFields(n, w);
  }

  /** The record without its type, for stores that keep the kind beside it. */
  public static void writeFields(Notice n, FieldWriter w) {
    w.string("ts", Rfc3339.micros(n.tsNanos()));
    w.string("note", n.note());
    w.string("severity", n.severity() == null ? null : n.severity().wireName());
    w.string("id", n.id());
    w.string("community_id", n.communityId());
    w.string("msg", n.msg());
    w.string("window", n.window());
    if (n.camera() != null) {
      w.string("camera", n.camera());
    }
  }
}
