package io.vigie.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where a record writes its fields, one named value at a time, in the order it wants them read. The
 * JSON adapters ({@code output}) implement it, so that the domain's records say what they hold
 * without knowing how it is spelt on the wire.
 *
 * <pre>{@code
 * void writeTo(FieldWriter w) {
 *   w.string("ssh_client", client);
 *   w.string("ssh_server", server);
 * }
 * }</pre>
 *
 * <p>A null value means "unknown": the adapter writes a JSON null, or leaves the key out where its
 * store keeps no nulls.
 */
public interface FieldWriter {

  void string(String name, String value);

  void number(String name, long value);

  /** A count that may be unknown (null). */
  void numberOrNull(String name, Long value);

  void decimal(String name, BigDecimal value);

  void bool(String name, boolean value);

  /** A list of strings; an empty list is written as null, as the replay contract always has. */
  void strings(String name, List<String> values);
}
