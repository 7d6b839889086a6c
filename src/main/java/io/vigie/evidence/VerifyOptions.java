package io.vigie.evidence;

import java.nio.file.Path;
import java.security.PublicKey;

/**
 * What a reviewer may add to a verification.
 *
 * @param expectedKey the public key checkpoints must be signed with (obtained independently of
 *     the file, e.g. the {@code .pub} exported at installation); null trusts the chain's own key
 *     records
 * @param publishedCheckpoint a head hash published by a checkpoint (log line, metric); it must be
 *     in the chain; null to skip
 * @param allowUnsignedTail accept records after the last checkpoint (a store still being written)
 * @param sliceDir where a database's pcap slices are; null means {@code <db>.slices}
 */
public record VerifyOptions(PublicKey expectedKey, String publishedCheckpoint, boolean allowUnsignedTail,
    Path sliceDir) {
  public static final VerifyOptions DEFAULT = new VerifyOptions(null, null, false, null);
}
