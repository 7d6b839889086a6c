package io.vigie.policy;

import static io.vigie.policy.Windows.at;
import static io.vigie.policy.Windows.us;
import static io.vigie.policy.Windows.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WindowTest {

  static Stream<Arguments> states() {
    Windows approved = window("W").approvedAt(at("07:30:00"));
    Windows pending = window("W");
    Windows revokedMid = window("W").approvedAt(at("07:30:00")).revokedAt(at("09:00:00"));
    Windows rejected = window("W").rejectedAt(at("07:20:00"));
    Windows lateApproval = window("W").durationFromApproval().approvedAt(at("08:30:00"));
    return Stream.of(
        Arguments.of(
            "before the request", approved, us(at("07:00:00"), -1), WindowState.NOT_YET_REQUESTED),
        Arguments.of("at the request", approved, at("07:00:00"), WindowState.REQUESTED),
        Arguments.of("at the approval", approved, at("07:30:00"), WindowState.APPROVED),
        Arguments.of("1 us before start", approved, us(at("08:00:00"), -1), WindowState.APPROVED),
        Arguments.of("at start", approved, at("08:00:00"), WindowState.ACTIVE),
        Arguments.of("1 us before end", approved, us(at("10:00:00"), -1), WindowState.ACTIVE),
        Arguments.of("at end", approved, at("10:00:00"), WindowState.EXPIRED),
        Arguments.of(
            "pending before lapse", pending, us(at("09:00:00"), -1), WindowState.REQUESTED),
        Arguments.of("pending at start + TTL", pending, at("09:00:00"), WindowState.LAPSED),
        Arguments.of(
            "1 us before revocation", revokedMid, us(at("09:00:00"), -1), WindowState.ACTIVE),
        Arguments.of("at revocation", revokedMid, at("09:00:00"), WindowState.REVOKED),
        Arguments.of("rejected", rejected, at("08:30:00"), WindowState.REJECTED),
        Arguments.of(
            "from approval: before it", lateApproval, at("08:29:59"), WindowState.REQUESTED),
        Arguments.of("from approval: at it", lateApproval, at("08:30:00"), WindowState.ACTIVE),
        Arguments.of(
            "from approval: length kept", lateApproval, us(at("10:30:00"), -1), WindowState.ACTIVE),
        Arguments.of(
            "from approval: end moved", lateApproval, at("10:30:00"), WindowState.EXPIRED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void stateAtFollowsTheEvents(String name, Windows w, Instant t, WindowState expected) {
    assertEquals(expected, w.build().stateAt(t));
    assertEquals(expected, w.build().stateAtNanos(Window.nanosOf(t)));
  }
}
