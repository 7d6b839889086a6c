package io.vigie.evidence;

/**
 * The first thing verification found wrong.
 *
 * @param id the record concerned (0 when the problem is the file as a whole)
 * @param tsNanos its time when known, else null
 * @param kind its kind when known, else null
 * @param what what differs, for a person
 */
public record Finding(long id, Long tsNanos, String kind, String what) {
  @Override
  public String toString() {
    if (id <= 0) {
      return what;
    }
    StringBuilder sb = new StringBuilder("record ").append(id);
    if (tsNanos != null || kind != null) {
      sb.append(" (");
      if (tsNanos != null) {
        sb.append(Times.iso(tsNanos));
      }
      if (kind != null) {
        sb.append(tsNanos != null ? ", " : "").append(kind);
      }
      sb.append(')');
    }
    return sb.append(": ").append(what).toString();
  }
}
