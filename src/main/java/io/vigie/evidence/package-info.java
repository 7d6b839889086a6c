/**
 * Tamper-evident evidence: what the vendor did, when, under which authorisation, kept so that an
 * edit made afterwards, even by the people who run vigie, can be shown.
 *
 * <pre>{@code
 * EvidenceStore store = EvidenceStore.open(db, cfg.evidence(), clock, notices, metrics);
 * flowTable.recorder(store.recorder());     // pcap slices of flagged flows
 * sessions.add(store);                      // SessionSink: session records
 * notices.add(store);                       // NoticeSink: notice records
 * policy.evidence(store);                   // EvidenceSink: window changes, API actions, ...
 * ...
 * store.close();                            // drains, signs the head
 * }</pre>
 *
 * <h2>What is stored</h2>
 *
 * One SQLite table, {@code record} (schema in {@code migrations/}), append-only by triggers. Each
 * row: id (1, 2, 3...), kind, time (ns), subject, canonical JSON fields (sorted keys), the previous
 * row's hash and its own: {@code SHA-256(prev + "\n" + {"fields":...,"id":...,"kind":...,
 * "subject":...,"ts":...})} ({@link io.vigie.evidence.ChainHash}). Kinds written by the store
 * itself: {@code key} (the Ed25519 public key, when first used), {@code store_opened} (with the
 * number of unsigned records a crash left), {@code checkpoint} ({@code head_id}, {@code head_hash},
 * key fingerprint, signature of {@code "vigie-checkpoint-v1\n<head_id>\n<head_hash>"}), {@code
 * slice} (pcap file, SHA-256, bytes, packets, truncated, redacted), {@code slice_expired} and
 * {@code image_expired} (retention, {@link io.vigie.evidence.Retention}). Legal holds are records
 * too ({@code legal_hold}, {@code legal_hold_released}, {@link io.vigie.evidence.LegalHoldBook}).
 *
 * <h2>What is never stored</h2>
 *
 * Credentials: slices are redacted as they are written ({@link io.vigie.evidence.SliceRedactor}),
 * record fields named like credentials are replaced ({@code CanonicalJson}).
 *
 * <h2>Journals kept beside the store</h2>
 *
 * The window and baseline journals are checked against the chain at start ({@link
 * io.vigie.evidence.ChainWitness}): a step the chain does not hold was not made through vigie.
 *
 * <h2>Durability</h2>
 *
 * One writer thread, batches of up to {@code batch_size}, one transaction per batch, WAL with
 * {@code synchronous=FULL}: a batch is on disk when its commit returns. A failed commit (disk full)
 * is rolled back whole, counted, noticed and retried; committed rows are never touched.
 *
 * <h2>Checkpoints, published</h2>
 *
 * Every {@code checkpoint_records} records or {@code checkpoint_seconds}, at open and at close.
 * Each is appended to an anchor file outside the store's folder ({@link
 * io.vigie.evidence.AnchorFile}), logged as the same record ({@code event=evidence_checkpoint
 * db=... checkpoint_id=... checkpoint_hash=... head_id=... head_hash=... key=...}), reported to
 * {@link io.vigie.evidence.EvidenceMetrics#checkpoint} and, when TSAs are configured, time-stamped
 * (RFC 3161) off the writer thread; the tokens come back as {@code timestamp} records. A reviewer
 * holding anchors ({@code --anchors}), a published head ({@code --checkpoint}) or the public key
 * ({@code --pubkey}) detects a wholesale rewrite; the store itself compares its chain with its last
 * anchor when it opens. See docs/EVIDENCE.md.
 *
 * <h2>Verification</h2>
 *
 * {@link io.vigie.evidence.StoreVerifier} (a database) and {@link io.vigie.evidence.BundleVerifier}
 * (a case bundle from {@link io.vigie.evidence.Exporter}) report the first problem: a gap in ids
 * (deleted row), an id out of sequence (inserted row), content that does not hash to its hash
 * (edited row), a broken link (row re-hashed), a checkpoint that does not sign its head or whose
 * signature fails, records after the last checkpoint (appended without the key), a pcap slice
 * missing or altered, a damaged file.
 */
package io.vigie.evidence;
