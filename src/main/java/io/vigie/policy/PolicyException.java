package io.vigie.policy;

/**
 * A window operation that is refused. {@link #kind()} tells a caller how to answer (the HTTP API
 * maps it to a status code), {@link #field()} names the request field at fault when there is one,
 * and the message is one sentence meant for the person who asked.
 *
 * <pre>{@code
 * try {
 *   windows.approve(id, actor, "ok for tonight");
 * } catch (PolicyException e) {
 *   switch (e.kind()) { case NOT_FOUND -> 404; case INVALID -> 400; case FORBIDDEN -> 403; case CONFLICT -> 409; case TOO_MANY -> 429; }
 * }
 * }</pre>
 */
public class PolicyException extends Exception {
  /** Why an operation is refused. */
  public enum Kind {
    /** The request is malformed or breaks a limit; {@link #field()} names the field. */
    INVALID,
    /** No window has this id. */
    NOT_FOUND,
    /** The actor may not do this: self-approval, missing role, outside approver hours. */
    FORBIDDEN,
    /** The window's state does not allow it: already approved, rejected, revoked, lapsed... */
    CONFLICT,
    /** A budget of the actor is spent (pending requests per person); {@link #field()} names it. */
    TOO_MANY
  }

  private final Kind kind;
  private final String field;

  public PolicyException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  /** A refused field of a request: the message starts with the field's name. */
  public static PolicyException invalid(String field, String problem) {
    return new PolicyException(Kind.INVALID, field, field + ": " + problem);
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault (snake_case, as in JSON and YAML), or null. */
  public String field() {
    return field;
  }
}
