package io.vigie.metrics;

import io.vigie.clock.NtpStatus;

/** The NTP probe's last measurement: {@code probe::status}. */
@FunctionalInterface
public interface ClockView {
  NtpStatus status();
}
