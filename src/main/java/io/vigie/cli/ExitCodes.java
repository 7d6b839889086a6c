package io.vigie.cli;

/** The exit codes every command keeps: other tools and the unit file rely on them. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A check found something: tampered evidence, camera notices. */
  public static final int FINDING = 1;

  /** Bad input (a missing file, a bad config), with a one-line message. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
