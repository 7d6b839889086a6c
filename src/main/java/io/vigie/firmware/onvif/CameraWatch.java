package io.vigie.firmware.onvif;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.ChangeDetector;
import io.vigie.firmware.KnownVulnerabilities;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One round of camera watching: poll every camera, keep each snapshot as evidence, compare with the
 * baseline in effect and raise notices. The baseline is only read here, never updated.
 *
 * <pre>{@code
 * CameraWatch watch = new CameraWatch(fleet, detector, holder, notices, evidence);
 * Round r = watch.runOnce(targets);   // the daemon calls this every poll_interval_seconds
 * }</pre>
 */
public final class CameraWatch {
  private final FleetPoller fleet;
  private final ChangeDetector detector;
  private final BaselineHolder baseline;
  private final NoticeSink notices;
  private final EvidenceSink evidence;
  private final KnownVulnerabilities vulnerabilities;

  public CameraWatch(
      FleetPoller fleet,
      ChangeDetector detector,
      BaselineHolder baseline,
      NoticeSink notices,
      EvidenceSink evidence) {
    this(fleet, detector, baseline, notices, evidence, KnownVulnerabilities.NONE);
  }

  /**
   * @param vulnerabilities the city's advisories: each poll of an affected camera raises {@code
   *     known_vulnerability} (the daemon's notice filter keeps one per id per interval)
   */
  public CameraWatch(
      FleetPoller fleet,
      ChangeDetector detector,
      BaselineHolder baseline,
      NoticeSink notices,
      EvidenceSink evidence,
      KnownVulnerabilities vulnerabilities) {
    this.vulnerabilities = vulnerabilities;
    this.fleet = fleet;
    this.detector = detector;
    this.baseline = baseline;
    this.notices = notices;
    this.evidence = evidence;
  }

  /** What one round found. */
  public record Round(List<CameraPoll> polls, List<Notice> notices) {}

  public Round runOnce(List<CameraTarget> targets) throws InterruptedException {
    List<CameraPoll> polls = fleet.pollAll(targets);
    Optional<Baseline> b = baseline.current();
    List<Notice> raised = new ArrayList<>();
    for (CameraPoll p : polls) {
      evidence.append(
          new EvidenceRecord("camera_snapshot", p.tsNanos(), p.camera(), p.evidenceFields()));
      List<Notice> found =
          new ArrayList<>(detector.compare(p, b.flatMap(x -> x.camera(p.camera()))));
      found.addAll(vulnerabilities.notices(p));
      for (Notice n : found) {
        notices.onNotice(n);
        raised.add(n);
      }
    }
    return new Round(polls, raised);
  }
}
