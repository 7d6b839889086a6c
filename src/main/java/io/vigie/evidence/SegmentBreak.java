package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the store finds at open when its chain is not the one it last published to its anchor file:
 * shorter (a cut tail) or different at the anchored record (a rewrite). The store then records a
 * {@code segment_break} and signs on from there, so the break stays in the chain.
 *
 * @param anchor the last anchor published
 * @param headId where the chain ends now
 * @param hashAtAnchor the chain's hash at the anchored id, null when the chain is shorter
 */
record SegmentBreak(Anchor anchor, long headId, String headHash, String hashAtAnchor) {

  /** Null when the chain still holds the last anchored checkpoint, or nothing was anchored yet. */
  static SegmentBreak find(ChainWriter writer, Path anchorFile) throws SQLException, IOException {
    Anchor last = AnchorFile.last(anchorFile);
    if (last == null) {
      return null;
    }
    if (writer.head() < last.checkpointId()) {
      return new SegmentBreak(last, writer.head(), writer.headHash(), null);
    }
    String h = writer.hashOf(last.checkpointId());
    return last.checkpointHash().equals(h)
        ? null
        : new SegmentBreak(last, writer.head(), writer.headHash(), h);
  }

  String what() {
    return hashAtAnchor == null
        ? "was cut short: its chain ends at record "
            + headId
            + " but "
            + anchor.describe()
            + " was published from it"
        : "was rewritten: its record "
            + anchor.checkpointId()
            + " hashes to "
            + ChainVerifier.shortHash(hashAtAnchor)
            + ", not as "
            + anchor.describe()
            + " says";
  }

  EvidenceRecord record(long nowNanos, Path anchorFile) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("reason", hashAtAnchor == null ? "truncated" : "rewritten");
    f.put("anchor_file", anchorFile.toString());
    f.put("anchor_time", anchor.time().toString());
    f.put("anchor_checkpoint_id", anchor.checkpointId());
    f.put("anchor_checkpoint_hash", anchor.checkpointHash());
    f.put("found_head_id", headId);
    f.put("found_head_hash", headHash);
    if (hashAtAnchor != null) {
      f.put("found_hash_at_anchor", hashAtAnchor);
    }
    return new EvidenceRecord("segment_break", nowNanos, null, f);
  }
}
