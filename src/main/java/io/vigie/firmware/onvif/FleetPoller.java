package io.vigie.firmware.onvif;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.PollError;
import io.vigie.firmware.PollException;
import io.vigie.firmware.PrivacyClass;
import io.vigie.firmware.PrivacyClassifier;
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
  private final CameraPoller poller;
  private final ExecutorService pool;
  private final PrivacyClassifier classifier;
  private final CameraMetrics metrics;
  private ExecutorService ownedIo;

  public FleetPoller(
      CameraPoller poller, int concurrency, PrivacyClassifier classifier, CameraMetrics metrics) {
    this.poller = poller;
    this.classifier = classifier;
    this.metrics = metrics;
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
    FleetPoller f =
        new FleetPoller(new CameraPoller(client), cfg.concurrency(), classifier, metrics);
    f.ownedIo = io;
    return f;
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

  private CameraPoll pollOne(CameraTarget t) {
    CameraPoll p;
    long ts = poller.startTs();
    if (t.passwordFile() == null) {
      p = poller.poll(t.name(), t.deviceUrl(), Credentials.NONE);
    } else {
      try {
        p = poller.poll(t.name(), t.deviceUrl(), Credentials.read(t.username(), t.passwordFile()));
      } catch (PollException e) {
        p = CameraPoll.failed(t.name(), ts, new PollError(e.type(), e.getMessage()));
      }
    }
    if (p.reachable()) {
      metrics.onPoll(t.name(), true, p.state(), p.fingerprint());
      Map<PrivacyClass, Integer> byClass = new EnumMap<>(PrivacyClass.class);
      for (AnalyticsItem i : p.state().analytics()) {
        if (i.kind() == AnalyticsItem.Kind.MODULE || i.kind() == AnalyticsItem.Kind.RULE) {
          byClass.merge(classifier.classify(i.type()), 1, Integer::sum);
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
