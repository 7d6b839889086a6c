package io.vigie.evidence;

import java.nio.charset.StandardCharsets;

/**
 * What a time-stamp authority stamps for a checkpoint: the checkpoint record (its id and hash,
 * which cover its signature) and what it signs, in a few lines of ASCII. These exact bytes are
 * exported beside each token so that {@code openssl ts -verify -data} can check it without vigie.
 *
 * <pre>
 * vigie-checkpoint-statement-v1
 * checkpoint_id=41
 * checkpoint_hash=9f2c...
 * head_id=40
 * head_hash=77ab...
 * key=3c1e...            (fingerprint of the signing key: a token binds the key to a date too)
 * </pre>
 */
record CheckpointStatement(
    long checkpointId, String checkpointHash, long headId, String headHash, String key) {
  byte[] bytes() {
    return ("vigie-checkpoint-statement-v1\ncheckpoint_id="
            + checkpointId
            + "\ncheckpoint_hash="
            + checkpointHash
            + "\nhead_id="
            + headId
            + "\nhead_hash="
            + headHash
            + "\nkey="
            + key
            + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
