package io.vigie.evidence;

/**
 * One record as verification reads it, from a database or a bundle. In a bundle, records outside
 * the case keep only their place in the chain: {@code kind}, {@code ts}, {@code subject} and {@code
 * fieldsJson} are then null.
 */
record ChainRow(
    long id, String kind, Long ts, String subject, String fieldsJson, String prev, String hash) {
  boolean hasContent() {
    return fieldsJson != null;
  }
}
