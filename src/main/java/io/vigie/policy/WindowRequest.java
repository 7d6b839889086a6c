package io.vigie.policy;

import java.time.Instant;
import java.util.List;

/**
 * What a vendor engineer asks for; the requester is the {@link Actor} passed with it to {@link
 * WindowService#request}.
 *
 * <pre>{@code
 * WindowRequest r = new WindowRequest("Upgrade cam-001 to 5.7.3", "ACME-4711",
 *     new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH, App.TLS)),
 *     null,                                   // start now
 *     Instant.parse("2026-11-23T10:00:00Z"),
 *     List.of(new ExpectedChange("cam-001", "5.7.3", null, List.of())));
 * }</pre>
 *
 * @param reason why (required)
 * @param ticket the vendor's or the city's ticket reference (required)
 * @param scope devices, endpoints and applications (required)
 * @param start when the window opens; null means at the time of the request
 * @param end when it closes (exclusive; required, after the start)
 * @param expectedChanges camera changes it authorises; may be empty
 */
public record WindowRequest(
    String reason,
    String ticket,
    Scope scope,
    Instant start,
    Instant end,
    List<ExpectedChange> expectedChanges) {
  public WindowRequest {
    expectedChanges = expectedChanges == null ? List.of() : List.copyOf(expectedChanges);
  }
}
