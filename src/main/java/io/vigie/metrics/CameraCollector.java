package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;

/**
 * Camera identity, reachability and analytics, from the ONVIF poller's last state. The info metric
 * carries the firmware as a label: a firmware change shows as one series ending and another
 * starting, which is what {@code changes()}-style queries and dashboards expect.
 */
final class CameraCollector extends Collector implements Collector.Describable {
  private final CameraView view;

  CameraCollector(CameraView view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Families f = new Families();
    for (CameraState c : view.cameras()) {
      f.info.addMetric(
          List.of(
              c.name(),
              orEmpty(c.vendor()),
              orEmpty(c.model()),
              orEmpty(c.firmware()),
              orEmpty(c.fingerprint())),
          1);
      f.vulnerabilities.addMetric(List.of(c.name()), c.knownVulnerabilities());
      f.up.addMetric(List.of(c.name()), c.up() ? 1 : 0);
      for (Map.Entry<String, Integer> e : c.modulesByPrivacyClass().entrySet()) {
        f.modules.addMetric(List.of(c.name(), e.getKey()), e.getValue());
      }
    }
    return f.all();
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return new Families().all();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static final class Families {
    final GaugeMetricFamily info =
        new GaugeMetricFamily(
            "vigie_camera_info",
            "Camera identity as reported over ONVIF; always 1. One series per camera.",
            List.of("camera", "vendor", "model", "firmware", "fingerprint"));
    final GaugeMetricFamily vulnerabilities =
        new GaugeMetricFamily(
            "vigie_camera_known_vulnerabilities",
            "CSAF advisories of advisories.csaf_dir that affect the camera's model and firmware.",
            List.of("camera"));
    final GaugeMetricFamily up =
        new GaugeMetricFamily(
            "vigie_camera_up", "1 if the camera answered its last ONVIF poll.", List.of("camera"));
    final GaugeMetricFamily modules =
        new GaugeMetricFamily(
            "vigie_camera_analytics_modules",
            "Analytics modules present on the camera, by privacy class ('none' = no personal data).",
            List.of("camera", "privacy_class"));

    List<MetricFamilySamples> all() {
      return List.of(info, up, modules, vulnerabilities);
    }
  }
}
