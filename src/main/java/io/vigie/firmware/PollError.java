package io.vigie.firmware;

/** Why one camera's poll failed: a counted, typed value. */
public record PollError(PollErrorType type, String detail) {}
