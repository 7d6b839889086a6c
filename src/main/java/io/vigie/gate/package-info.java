/**
 * The gate: a TCP relay in front of the vendor's remote access, so that the vendor reaches a device
 * of the video network only while a maintenance window covers it.
 *
 * <pre>
 *  vendor ──TLS+cert or "VIGIE1 token target"──► GateServer listener
 *     [IdleStateHandler] [SslHandler] [MtlsIdentityHandler | PreambleDecoder] [AdmissionHandler]
 *                                 │ Admission.decide(windows.snapshot(), identity, target, app, peer, now)
 *                                 ├─ refused: "VIGIE1 REFUSED reason", notice gate_refused, closed
 *                                 └─ admitted: connect target, then [AppCheckHandler] [RelayHandler] both ways
 *  WindowEnforcer (every 250 ms) ──► cuts connections no window covers any more; warns before ends
 *  GateConnection.close ──► evidence "session" {gate: true, window, bytes, records}
 *  GateSessions (outbound legs) + GateBypass.check(wire session) ──► notice gate_bypass
 * </pre>
 *
 * <p>Daemon wiring:
 *
 * <pre>{@code
 * GateServer gate = new GateServer(site.gate(), windowService::snapshot,
 *     new GateEvents(evidenceStore, noticeFilter), gateMetrics, Clock.systemUTC());
 * gate.start();
 * // after site classification of each wire session:
 * GateBypass.check(session, siteModel, gate.sessions()).ifPresent(noticeFilter::onNotice);
 * }</pre>
 */
package io.vigie.gate;
