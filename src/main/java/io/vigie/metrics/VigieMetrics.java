package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.hotspot.DefaultExports;
import io.vigie.flow.SessionSink;
import io.vigie.kafka.SpoolStats;
import io.vigie.notice.NoticeSink;
import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * vigie's metrics, registered into a registry the caller owns (never the JVM-wide default). Events
 * are counted through small sinks with label children resolved up front; everything that is state
 * (capture counters, flows, cameras, evidence, clock) is read from its owner at scrape time through
 * a view, so the owners never touch Prometheus.
 *
 * <pre>{@code
 * CollectorRegistry registry = new CollectorRegistry();
 * VigieMetrics metrics = new VigieMetrics(registry, version, Clock.systemUTC());
 * // events: give the sinks to the pipeline
 * SessionSink sessions = metrics.sessions();
 * NoticeSink notices = metrics.notices();
 * // state: each watch* once, when the owner exists
 * metrics.watchCapture(() -> List.of(new InterfaceStats("eth1", src.isOpen(), src.stats(), counters.snapshot(), 0)));
 * metrics.watchFlows(flowTable::size);
 * metrics.watchEvidence(store::metricsState);
 * try (MetricsServer http = MetricsServer.start(site.metrics().address(), registry)) { ... }
 * }</pre>
 *
 * <p>The metric names are a contract with {@code rules/vigie.rules.yml}; they are listed in {@code
 * docs/METRICS.md} and a test checks the rules against what this class exposes.
 */
public final class VigieMetrics {
  private final CollectorRegistry registry;
  private final Counter collectErrors;
  private final SessionCounter sessions;
  private final NoticeCounter notices;
  private final OnvifPollErrors onvifPollErrors;
  private final GateCounters gate;
  private final ApiCounters api;
  private final NotifyCounters notify;
  private final NoticeSubjects subjects;
  private final Gauge advisories;

  /**
   * @param version vigie's version for {@code vigie_build_info}
   * @param clock wall clock, read once for {@code vigie_start_time_seconds}
   */
  public VigieMetrics(CollectorRegistry registry, String version, Clock clock) {
    this.registry = registry;
    this.collectErrors =
        Counter.build(
                "vigie_metrics_collect_errors_total",
                "Scrapes in which a component could not report its state; its metrics were left out.")
            .labelNames("collector")
            .register(registry);
    new BuildInfoCollector(version, System.getProperty("java.version"), clock.millis() / 1000.0)
        .register(registry);
    this.sessions = new SessionCounter(registry);
    this.notices = new NoticeCounter(registry);
    this.subjects = new NoticeSubjects(clock);
    subjects.register(registry);
    this.advisories =
        Gauge.build(
                "vigie_camera_advisories",
                "CSAF advisory files read from advisories.csaf_dir at start, by state (loaded, failed).")
            .labelNames("state")
            .register(registry);
    this.onvifPollErrors = new OnvifPollErrors(registry);
    this.gate = new GateCounters(registry);
    this.api = new ApiCounters(registry);
    this.notify = new NotifyCounters(registry);
  }

  /** The notifier's counters ({@code vigie_notifications_*}, {@code vigie_notification_*}). */
  public io.vigie.notify.NotifyMetrics notifications() {
    return notify;
  }

  /**
   * Notifications waiting, read from the notifier at scrape time ({@code
   * vigie_notifications_queued}).
   */
  public void watchNotificationQueue(LongSupplier queued) {
    watch("notifications", new NotifyQueueCollector(queued));
  }

  /** The API transport's refusals ({@code vigie_api_refused_total}). */
  public io.vigie.api.ApiMetrics api() {
    return api;
  }

  /** The gate's counters ({@code vigie_gate_*}). */
  public io.vigie.gate.GateMetrics gate() {
    return gate;
  }

  public SessionSink sessions() {
    return sessions;
  }

  /** Counts notices by type and keeps, per camera and window, when the last one was raised. */
  public NoticeSink notices() {
    return n -> {
      notices.onNotice(n);
      subjects.onNotice(n);
    };
  }

  /** How many advisory files loaded and how many did not ({@code vigie_camera_advisories}). */
  public void advisories(int loaded, int failed) {
    advisories.labels("loaded").set(loaded);
    advisories.labels("failed").set(failed);
  }

  /**
   * The JVM and process metrics every Java exporter has ({@code jvm_*}, {@code process_*}), from
   * client_java's hotspot collectors, registered into this registry, never the default one.
   */
  public void watchJvm() {
    DefaultExports.register(registry);
  }

  public OnvifPollErrors onvifPollErrors() {
    return onvifPollErrors;
  }

  public void watchCapture(CaptureView view) {
    watch("capture", new CaptureCollector(view));
  }

  public void watchFlows(LongSupplier activeFlows) {
    watch("flows", new FlowCollector(activeFlows));
  }

  public void watchWindows(WindowView view) {
    watch("windows", new WindowCollector(view));
  }

  public void watchCameras(CameraView view) {
    watch("cameras", new CameraCollector(view));
  }

  public void watchEvidence(EvidenceView view) {
    watch("evidence", new EvidenceCollector(view));
  }

  /** {@code outputs.kafka}'s spool and sender ({@code vigie_kafka_*}). */
  public void watchKafka(Supplier<SpoolStats> view) {
    watch("kafka", new KafkaCollector(view));
  }

  /**
   * {@code outputs.files}: records it could not write ({@code
   * vigie_log_file_write_failures_total}), read from {@code LogFiles.failed()} at scrape time.
   */
  public void watchLogFiles(LongSupplier failed) {
    watch("log_files", new LogFilesCollector(failed));
  }

  /** {@code windows.from_hub}'s feed ({@code vigie_hub_windows_*}). */
  public void watchHubWindows(Supplier<HubWindowsState> view) {
    watch("hub_windows", new HubWindowsCollector(view));
  }

  public void watchClock(ClockView view) {
    watch("clock", new ClockCollector(view));
  }

  public CollectorRegistry registry() {
    return registry;
  }

  // The registry refuses a second collector with the same names, so watching twice fails loudly.
  private void watch(String name, Collector collector) {
    new Guarded(name, collector, collectErrors).register(registry);
  }
}
