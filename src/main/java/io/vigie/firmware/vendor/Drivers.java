package io.vigie.firmware.vendor;

import io.vigie.config.OnvifConfig;
import io.vigie.firmware.CameraDriver;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.onvif.CameraPoller;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.onvif.OnvifClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four drivers over one HTTP client, as the config's {@code onvif} section says (per-request
 * timeout, size cap, concurrency), in a fleet poller that picks each camera's drivers.
 *
 * <pre>{@code
 * try (FleetPoller fleet = Drivers.fleet(site.onvif(), clock, classifier, metrics)) { ... }
 * }</pre>
 */
public final class Drivers {
  private Drivers() {}

  public static FleetPoller fleet(
      OnvifConfig cfg, Clock clock, PrivacyClassifier classifier, CameraMetrics metrics) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService io =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "vigie-camera-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Duration timeout = Duration.ofMillis(cfg.timeoutMillis());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(io)
            .build();
    VendorHttp vendor = new VendorHttp(http, timeout, cfg.maxResponseBytes());
    Map<String, CameraDriver> drivers =
        Map.of(
            "onvif",
                new CameraPoller(new OnvifClient(http, timeout, cfg.maxResponseBytes(), clock)),
            "isapi", new IsapiDriver(vendor),
            "vapix", new VapixDriver(vendor),
            "dahua", new DahuaDriver(vendor));
    return new FleetPoller(drivers, clock, cfg.concurrency(), classifier, metrics, io);
  }
}
