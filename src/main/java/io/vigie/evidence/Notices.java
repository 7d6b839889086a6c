package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.Notice;
import io.vigie.output.FieldMap;
import io.vigie.output.NoticeJson;

/**
 * A notice as an evidence record: kind {@code notice}, subject the camera, else the window, else
 * the session's Community ID; fields as {@code replay --json} writes them ({@link NoticeJson}).
 */
public final class Notices {
  private Notices() {}

  public static EvidenceRecord of(Notice n) {
    FieldMap f = FieldMap.withoutNulls();
    NoticeJson.writeFields(n, f);
    String subject =
        n.camera() != null ? n.camera() : n.window() != null ? n.window() : n.communityId();
    return new EvidenceRecord("notice", n.tsNanos(), subject, f.fields());
  }
}
