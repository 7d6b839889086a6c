package io.vigie.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * What a reviewer may add to a verification.
 *
 * @param expectedKey the public key checkpoints must be signed with (obtained independently of the
 *     file, e.g. the {@code .pub} exported at installation); null trusts the chain's own key
 *     records
 * @param publishedCheckpoint a head hash published by a checkpoint (log line, metric); it must be
 *     in the chain; null to skip
 * @param allowUnsignedTail accept records after the last checkpoint (a store still being written)
 * @param sliceDir where a database's pcap slices are; null means {@code <db>.slices}
 * @param anchors an anchor file (or a log holding checkpoint records) kept off the appliance; every
 *     checkpoint it names must be in the chain with its hash; null to skip
 * @param tsaCa PEM file of the CAs time-stamp tokens must chain to; null checks each token with the
 *     certificate it carries only
 */
public record VerifyOptions(
    PublicKey expectedKey,
    String publishedCheckpoint,
    boolean allowUnsignedTail,
    Path sliceDir,
    Path anchors,
    Path tsaCa) {
  public static final VerifyOptions DEFAULT = new VerifyOptions(null, null, false, null);

  public VerifyOptions(
      PublicKey expectedKey, String publishedCheckpoint, boolean allowUnsignedTail, Path sliceDir) {
    this(expectedKey, publishedCheckpoint, allowUnsignedTail, sliceDir, null, null);
  }

  /** A chain verifier set up with these options; reads the anchor and CA files. */
  ChainVerifier chainVerifier() throws IOException {
    ChainVerifier cv = new ChainVerifier(expectedKey, publishedCheckpoint, allowUnsignedTail);
    if (anchors != null) {
      cv.anchors(AnchorFile.read(anchors));
    }
    if (tsaCa != null) {
      cv.tsaCa(TimestampTokens.readCertificates(tsaCa));
    }
    return cv;
  }
}
