package io.vigie.hub;

/** What {@link HubRecord#parse} gives: a record to keep, or why not. */
public sealed interface Parsed permits HubRecord, Parsed.Malformed {
  /** A record the hub skips (counted by reason, logged at a bounded rate). */
  record Malformed(HubRecord.Kind kind, String reason, String detail) implements Parsed {}
}
