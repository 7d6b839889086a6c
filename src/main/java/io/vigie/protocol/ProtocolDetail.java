package io.vigie.protocol;

/**
 * What one protocol learnt about a session, in its own words (Zeek's per-protocol {@code Info}
 * record, Suricata's {@code output-json-<proto>}). Each implementation is a record registered once
 * in {@link DetailKinds}; the session serialiser asks it for its fields.
 */
public interface ProtocolDetail {

  /**
   * Writes this detail's fields, always the same names in the same order whatever is known, so that
   * the absent form ({@link DetailKind#absent()}) fills the same keys with nulls.
   */
  void writeTo(FieldWriter w);
}
