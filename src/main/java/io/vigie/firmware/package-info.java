/**
 * Watches the cameras themselves over ONVIF, so that a firmware update or an analytics package
 * installed without one (face recognition, plate reading...) cannot go unnoticed.
 *
 * <pre>
 * CameraTarget ──► FleetPoller (vigie-onvif-N, bounded) ──► CameraPoller ──► OnvifClient (SOAP 1.2,
 *                                                                 │          WS-Security digest on the
 *                                                                 ▼          camera's clock, HTTP Digest)
 *                                   CameraPoll (CameraState + Fingerprint, or a typed PollError)
 *                                                                 │
 * Baseline (certified, two approvers) ──► ChangeDetector ◄── PrivacyClassifier, ExpectedChanges
 *                                                                 │
 *                                                   Notice ──► NoticeSink;  camera_snapshot ──► EvidenceSink
 * </pre>
 *
 * <p>{@code onvif.CameraWatch} does one round; {@code onvif.CameraWatchLoop} repeats it every
 * {@code onvif.poll_interval_seconds}. The baseline is never learnt: it changes only through an
 * effective {@link io.vigie.firmware.BaselineProposal}.
 */
package io.vigie.firmware;
