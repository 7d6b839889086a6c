package io.vigie.firmware.onvif;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraDriver;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.PollError;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.PrivacyClass;
import io.vigie.firmware.PrivacyClassifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls every camera with bounded concurrency (a fixed pool of {@code vigie-onvif-N} threads), so
 * that 300 cameras take a few rounds of the slowest camera's timeout, not 300.
 *
 * <pre>{@code
 * try (FleetPoller fleet = new FleetPoller(new CameraPoller(client), 32, classifier, metrics)) {
 *   List<CameraPoll> polls = fleet.pollAll(targets);
 * }
 * }</pre>
 */
public final class FleetPoller implements AutoCloseable {
  private final Map<String, CameraDriver> drivers;
  private final Clock clock;
  private final ExecutorService pool;
  private final PrivacyClassifier classifier;
  private final CameraMetrics metrics;
  private ExecutorService ownedIo;

  /** An ONVIF-only poller. */
  public FleetPoller(
      CameraPoller poller, int concurrency, PrivacyClassifier classifier, CameraMetrics metrics) {
    this(Map.of("onvif", poller), poller.clock(), concurrency, classifier, metrics, null);
  }

  /**
   * @param drivers by config name ({@code onvif}, {@code isapi}...): each target's endpoints pick
   *     theirs
   * @param ownedIo the HTTP client's threads, stopped on {@link #close()}, or null
   */
  public FleetPoller(
      Map<String, CameraDriver> drivers,
      Clock clock,
      int concurrency,
      PrivacyClassifier classifier,
      CameraMetrics metrics,
      ExecutorService ownedIo) {
    this.drivers = Map.copyOf(drivers);
    this.clock = clock;
    this.classifier = classifier;
    this.metrics = metrics;
    this.ownedIo = ownedIo;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "vigie-onvif-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A poller with its own HTTP client, as the config says: per-request deadline, size cap and
   * concurrency. Closing it stops its threads.
   */
  public static FleetPoller create(
      io.vigie.config.OnvifConfig cfg,
      java.time.Clock clock,
      PrivacyClassifier classifier,
      CameraMetrics metrics) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService io =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "vigie-onvif-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofMillis(cfg.timeoutMillis()))
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .executor(io)
            .build();
    OnvifClient client =
        new OnvifClient(
            http, java.time.Duration.ofMillis(cfg.timeoutMillis()), cfg.maxResponseBytes(), clock);
    return new FleetPoller(
        Map.of("onvif", new CameraPoller(client)),
        clock,
        cfg.concurrency(),
        classifier,
        metrics,
        io);
  }

  /** One poll of each target, in the targets' order. */
  public List<CameraPoll> pollAll(List<CameraTarget> targets) throws InterruptedException {
    long start = System.nanoTime();
    List<Future<CameraPoll>> futures = new ArrayList<>();
    for (CameraTarget t : targets) {
      futures.add(pool.submit(() -> pollOne(t)));
    }
    List<CameraPoll> out = new ArrayList<>();
    for (Future<CameraPoll> f : futures) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        // pollOne never throws; an Error here is a bug worth surfacing.
        throw new IllegalStateException("camera poll failed unexpectedly", e.getCause());
      }
    }
    metrics.onFleetPoll(targets.size(), System.nanoTime() - start);
    return out;
  }

  private long startTs() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Every driver of the target in turn, their states merged; the first failure fails the poll,
   * named by its driver, since a half-read camera would look changed.
   */
  private CameraPoll pollTarget(CameraTarget t, long ts) {
    Credentials creds;
    try {
      creds =
          t.passwordFile() == null
              ? Credentials.NONE
              : Credentials.read(t.username(), t.passwordFile());
    } catch (PollException e) {
      return CameraPoll.failed(t.name(), ts, new PollError(e.type(), e.getMessage()));
    }
    List<CameraState> states = new ArrayList<>();
    for (CameraTarget.Endpoint ep : t.endpoints()) {
      CameraDriver d = drivers.get(ep.api());
      if (d == null) {
        throw new IllegalStateException("no driver '" + ep.api() + "' in this poller");
      }
      try {
        states.add(d.read(ep.url(), creds));
      } catch (PollException e) {
        String detail =
            t.endpoints().size() > 1 ? ep.api() + ": " + e.getMessage() : e.getMessage();
        return CameraPoll.failed(t.name(), ts, new PollError(e.type(), detail));
      } catch (RuntimeException e) {
        // A camera must never crash the poller; what it sent is the error.
        return CameraPoll.failed(
            t.name(),
            ts,
            new PollError(
                PollErrorType.MALFORMED,
                ep.api() + ": unexpected answer: " + e.getClass().getSimpleName()));
      }
    }
    return CameraPoll.ok(t.name(), ts, CameraState.merge(states));
  }

  private CameraPoll pollOne(CameraTarget t) {
    CameraPoll p = pollTarget(t, startTs());
    if (p.reachable()) {
      metrics.onPoll(t.name(), true, p.state(), p.fingerprint());
      Map<PrivacyClass, Integer> byClass = new EnumMap<>(PrivacyClass.class);
      for (AnalyticsItem i : p.state().analytics()) {
        if (i.kind() == AnalyticsItem.Kind.MODULE
            || i.kind() == AnalyticsItem.Kind.RULE
            || i.kind() == AnalyticsItem.Kind.APP) {
          byClass.merge(classifier.classify(i), 1, Integer::sum);
        }
      }
      metrics.onPrivacyClasses(t.name(), byClass);
    } else {
      metrics.onPoll(t.name(), false, null, null);
      metrics.onPollError(t.name(), p.error().type());
    }
    return p;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (ownedIo != null) {
      ownedIo.shutdownNow();
    }
  }
}
