/**
 * Maintenance windows, their approval, and the verdicts on sessions: the domain core of "vendor
 * access only inside a window approved by the town hall".
 *
 * <pre>
 *  HTTP API ──► WindowService (JournaledWindowService) ──► WindowJournal (JSON Lines) + EvidenceSink
 *                       │ snapshot()
 *  WINDOWS.yaml ──► WindowsFile.load ──► WindowSet ◄─── firmware: windowExpecting(CameraChange, t)
 *                                           │
 *  Session ──► PolicyStage ──► Judge.judge(session, site, windows) ──► Judgement(verdict, window, notices)
 *                  │                                                       │
 *                  └─ SeenEndpoints: new_external_endpoint                 └─► NoticeFilter ──► NoticeSink
 * </pre>
 *
 * <p>Everything is in event time: a window's state at an instant is computed from its events
 * ({@link io.vigie.policy.Window#stateAt}), the judge uses the session's packet times, and the
 * service takes its time from an injected {@link java.time.Clock} that it never lets run backwards.
 * Live and replay therefore give the same verdicts for the same inputs.
 *
 * <p>Replay wiring, for {@code vigie replay --config SITE.yaml --windows WINDOWS.yaml FILE}:
 *
 * <pre>{@code
 * WindowSet windows = windowsPath == null ? WindowSet.EMPTY : WindowsFile.load(windowsPath, siteConfig);
 * NoticeFilter notices = new NoticeFilter(Duration.ofMinutes(10), 100_000, jsonNoticeWriter);
 * SessionSink judged = new PolicyStage(siteView, () -> windows, new SeenEndpoints(100_000),
 *     notices, jsonSessionWriter, PolicyMetrics.NONE);
 * }</pre>
 */
package io.vigie.policy;
