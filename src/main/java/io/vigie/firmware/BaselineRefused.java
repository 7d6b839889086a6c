package io.vigie.firmware;

/**
 * Why {@code BaselineApprovals} refuses a step: the kind says which (a caller maps it to a status)
 * and {@link #field()} names what is at fault ({@code digest}, {@code id}, {@code approver}).
 */
public final class BaselineRefused extends Exception {
  /** What kind of refusal. */
  public enum Kind {
    INVALID,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT
  }

  private final Kind kind;
  private final String field;

  public BaselineRefused(Kind kind, String message, String field) {
    super(message, null, false, false);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
