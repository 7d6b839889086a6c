package io.vigie.cli;

import io.vigie.capture.CaptureException;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.daemon.Daemon;
import io.vigie.daemon.HangupSignal;
import io.vigie.daemon.KeyValueFormatter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie run --config SITE.yaml}: the daemon, until SIGTERM (or Ctrl-C).
 *
 * <p>Logs go to standard error, one {@code key=value} line per event. SIGTERM runs the JVM's
 * shutdown hooks: ours stops the daemon in reverse start order (captures end their flows, the
 * evidence store commits its last batch and signs its head) and then ends the process with status
 * 0, since a stop asked for is a clean stop. A config change is applied with {@code vigie reload}.
 */
@Command(
    name = "run",
    footer = {"", "Example:", "  vigie run --config /etc/vigie/site.yaml --log-level INFO"},
    mixinStandardHelpOptions = true,
    description = "Run the daemon: capture, policy, evidence, metrics, API and camera watch.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("io.vigie.daemon");

  @Option(
      names = "--config",
      required = true,
      paramLabel = "SITE.yaml",
      description = "Site configuration with a 'capture' section and a 'state_dir'.")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "INFO",
      description = "JUL level: SEVERE, WARNING, INFO, FINE (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Level level;
    try {
      level = Level.parse(logLevel);
    } catch (IllegalArgumentException e) {
      throw new UserException("--log-level: unknown level '" + logLevel + "'");
    }
    Handler logs = installLogging(System.err, level);
    logThreadDeaths(LOG);
    SiteConfig site;
    try {
      site = YamlLoader.load(config, SiteConfig.class);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
    Daemon daemon;
    try {
      daemon = new Daemon(config, site, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    StopSignal stop = new StopSignal();
    try {
      // systemctl reload / kill -HUP: the same whole-or-nothing reload as `vigie reload`. In place
      // before start-up, so an early SIGHUP cannot stop the JVM (its default action).
      Daemon d = daemon;
      AtomicBoolean running = new AtomicBoolean();
      if (!HangupSignal.install(
          () -> {
            if (!running.get()) {
              LOG.info("event=signal_received signal=HUP action=ignored reason=starting");
              return;
            }
            LOG.info("event=signal_received signal=HUP action=reload");
            d.reload();
          })) {
        LOG.warning("event=sighup_unavailable hint=\"use vigie reload\"");
      }
      try {
        daemon.start();
      } catch (IOException e) {
        throw new UserException("cannot start: " + IoErrors.describe(e));
      } catch (CaptureException e) {
        throw new UserException("cannot start: " + e.getMessage());
      }
      running.set(true);
      LOG.info("event=ready reload=\"SIGHUP, vigie reload\"");
      stop.await();
      return 0;
    } finally {
      if (stop.signalled()) {
        keepLogging(logs, level);
        LOG.info("event=signal_received action=stop");
      }
      daemon.close();
      stop.close();
    }
  }

  /** A thread that dies of an unexpected exception says so in the log, on one line. */
  static void logThreadDeaths(Logger log) {
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) ->
            log.log(
                Level.SEVERE,
                "event=thread_died thread="
                    + t.getName()
                    + " error="
                    + KeyValueFormatter.quote(String.valueOf(e.getMessage())),
                e));
  }

  /** Replaces the JVM's default console handler with one key=value line per record on stderr. */
  static Handler installLogging(PrintStream err, Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h =
        new StreamHandler(err, new KeyValueFormatter()) {
          @Override
          public synchronized void publish(java.util.logging.LogRecord r) {
            super.publish(r);
            flush();
          }

          @Override
          public synchronized void close() {
            // Never close stderr: JUL closes every handler at JVM shutdown, before our stop logs.
            flush();
          }
        };
    h.setLevel(level);
    root.addHandler(h);
    root.setLevel(level);
    return h;
  }

  /**
   * On SIGTERM, JUL's own shutdown hook resets the loggers while ours runs; the handler is put back
   * so that the stop sequence is logged.
   */
  static void keepLogging(Handler h, Level level) throws InterruptedException {
    Logger root = Logger.getLogger("");
    // JUL's hook runs concurrently with ours and resets the root logger once per logger context
    // (system and user), so the handler may be removed twice: put it back until it stays.
    long now = System.nanoTime();
    long deadline = now + 1_000_000_000L;
    boolean removed = false;
    long stableSince = now;
    while (now < deadline) {
      if (!java.util.Arrays.asList(root.getHandlers()).contains(h)) {
        removed = true;
        root.addHandler(h);
        root.setLevel(level);
        stableSince = now;
      } else if (removed && now - stableSince > 200_000_000L) {
        return;
      }
      Thread.sleep(5);
      now = System.nanoTime();
    }
  }
}
