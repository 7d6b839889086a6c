package io.vigie.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * One protocol's detail record as the schema knows it: its type, the value that stands for "not
 * recognised in this session" (it writes every key of the type, as nulls), and how it is built from
 * what the recognisers accumulated on the flow.
 *
 * <pre>{@code
 * public static final DetailKind<SshDetails> KIND = new DetailKind<>(SshDetails.class,
 *     new SshDetails(null, null), a -> SshDetails.from(a));
 * }</pre>
 *
 * @param fromAttrs called once when the flow ends; returns null when the protocol left nothing
 */
public record DetailKind<D extends ProtocolDetail>(
    Class<D> type, D absent, Function<SessionAttrs, D> fromAttrs) {
  public DetailKind {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(absent, "absent");
    Objects.requireNonNull(fromAttrs, "fromAttrs");
  }

  /**
   * A kind whose recogniser builds the record itself and stores it on the flow with {@link
   * SessionAttrs#put}: the usual way for a new protocol, which then needs no field of its own in
   * {@link SessionAttrs}.
   */
  public static <D extends ProtocolDetail> DetailKind<D> stored(Class<D> type, D absent) {
    return new DetailKind<>(type, absent, a -> a.get(type));
  }
}
