package io.vigie.clock;

import io.vigie.config.NtpConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;

/**
 * Measures how far this host's clock is from the city's NTP server. Evidence timestamps come from
 * this clock, so a drifting clock weakens every record; the offset is exported as a metric and
 * alerted on, never corrected here (that is chrony's job).
 *
 * <pre>{@code
 * try (NtpOffsetProbe probe = NtpOffsetProbe.from(site.ntp(), Clock.systemUTC())) {
 *   probe.start();                      // one query now, then every interval, on "vigie-ntp"
 *   metrics.watchClock(probe::status);  // read at scrape time
 * }
 * }</pre>
 *
 * <p>A failed query (timeout, unsynchronised or kiss-of-death answer) is counted and logged once
 * per outage; it never escapes the scheduled task, which would silently stop the schedule.
 */
public final class NtpOffsetProbe implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NtpOffsetProbe.class.getName());

  private final InetSocketAddress server;
  private final Duration timeout;
  private final Duration interval;
  private final Clock clock;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile Sample last;
  private volatile boolean failing;
  private ScheduledExecutorService executor;

  /** One successful measurement. */
  public record Sample(double offsetSeconds, double delaySeconds, double atEpochSeconds) {}

  public NtpOffsetProbe(
      InetSocketAddress server, Duration timeout, Duration interval, Clock clock) {
    if (server.isUnresolved()) {
      throw new IllegalArgumentException("NTP server " + server + " is not an address");
    }
    this.server = server;
    this.timeout = timeout;
    this.interval = interval;
    this.clock = clock;
  }

  /** A probe for the configured server; the config must be {@link NtpConfig#enabled()}. */
  public static NtpOffsetProbe from(NtpConfig config, Clock clock) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("ntp.server is not set");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(config.server()); // an IP literal: no DNS query
    } catch (IOException e) {
      throw new IllegalArgumentException("ntp.server '" + config.server() + "': " + e.getMessage());
    }
    return new NtpOffsetProbe(
        new InetSocketAddress(address, config.port()),
        Duration.ofMillis(config.timeoutMillis()),
        Duration.ofSeconds(config.intervalSeconds()),
        clock);
  }

  /** Queries now and then every interval on a thread named {@code vigie-ntp}. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-ntp");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One query, recorded in {@link #status()}. Never throws: this runs in a scheduled task.
   *
   * @return true if the query succeeded
   */
  public boolean probeOnce() {
    queries.incrementAndGet();
    try {
      last = query();
      if (failing) {
        LOG.log(System.Logger.Level.INFO, "NTP server {0} answers again", server);
        failing = false;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        LOG.log(
            System.Logger.Level.WARNING,
            "NTP query to {0} failed: {1} (counted; logged once until it answers)",
            server,
            e.getMessage());
        failing = true;
      }
      return false;
    }
  }

  /** One query, measured; throws when there is no usable answer. */
  public Sample query() throws IOException {
    NTPUDPClient client = new NTPUDPClient();
    client.setDefaultTimeout(timeout);
    try {
      client.open();
      TimeInfo info = client.getTime(server.getAddress(), server.getPort());
      check(info.getMessage());
      info.computeDetails();
      Long offset = info.getOffset();
      Long delay = info.getDelay();
      if (offset == null || delay == null) {
        throw new IOException("answer without usable time stamps: " + info.getComments());
      }
      return new Sample(offset / 1000.0, delay / 1000.0, clock.millis() / 1000.0);
    } finally {
      client.close();
    }
  }

  // RFC 5905 section 7.3 and 7.4: a server that is not synchronised (leap indicator 3), a
  // kiss-of-death packet (stratum 0) or a packet not in server mode carries no usable time.
  private static void check(NtpV3Packet m) throws IOException {
    if (m.getMode() != NtpV3Packet.MODE_SERVER) {
      throw new IOException("answer is not in server mode (mode " + m.getMode() + ")");
    }
    if (m.getLeapIndicator() == NtpV3Packet.LI_ALARM_CONDITION) {
      throw new IOException("server is not synchronised (leap indicator 3)");
    }
    if (m.getStratum() == 0 || m.getStratum() > 15) {
      throw new IOException(
          "server refused or is unsynchronised (stratum "
              + m.getStratum()
              + (m.getStratum() == 0 ? ", kiss code " + m.getReferenceIdString() : "")
              + ")");
    }
  }

  public NtpStatus status() {
    Sample s = last;
    return new NtpStatus(
        server.getAddress().getHostAddress() + ":" + server.getPort(),
        s == null ? Double.NaN : s.offsetSeconds(),
        s == null ? Double.NaN : s.delaySeconds(),
        s == null ? Double.NaN : s.atEpochSeconds(),
        queries.get(),
        failures.get());
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
