package io.vigie.evidence;

import java.time.Instant;

/**
 * A checkpoint published outside the store: one line of the anchor file, or the same key=value
 * record in a log shipped off the appliance.
 *
 * <pre>
 * time=2026-12-02T04:01:02.123Z event=evidence_checkpoint db=/var/lib/vigie/evidence.db checkpoint_id=41 checkpoint_hash=9f2c... head_id=40 head_hash=77ab... key=3c1e...
 * </pre>
 *
 * @param source where it was read ({@code file:line}), or null for one being written
 * @param checkpointId the checkpoint record's id; the chain must hold it with this hash
 */
public record Anchor(
    String source,
    Instant time,
    String db,
    long checkpointId,
    String checkpointHash,
    long headId,
    String headHash,
    String key) {
  static final String EVENT = "event=evidence_checkpoint";

  /** The key=value line, as written to the anchor file and the log. */
  String line() {
    return "time="
        + time
        + " "
        + EVENT
        + " db="
        + quoted(db)
        + " checkpoint_id="
        + checkpointId
        + " checkpoint_hash="
        + checkpointHash
        + " head_id="
        + headId
        + " head_hash="
        + headHash
        + " key="
        + key;
  }

  /** How findings name it: its place and what it says. */
  String describe() {
    return "anchor "
        + (source == null ? "" : source + " ")
        + "("
        + time
        + ", checkpoint record "
        + checkpointId
        + " = "
        + ChainVerifier.shortHash(checkpointHash)
        + ")";
  }

  private static String quoted(String v) {
    return v.matches("[^\\s\"]+") ? v : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
