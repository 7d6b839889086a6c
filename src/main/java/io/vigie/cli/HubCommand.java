package io.vigie.cli;

import io.vigie.config.ConfigException;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.daemon.KeyValueFormatter;
import io.vigie.hub.Hub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie hub --config HUB.yaml}: the city's hub, until SIGTERM (or Ctrl-C). It consumes every
 * site's topics into its own store, serves the city-wide API and web page, and is where windows are
 * requested and approved. SIGTERM stops it in reverse start order (the consumer stores and commits
 * its batch in hand first) and ends the process with status 0.
 */
@Command(
    name = "hub",
    footer = {"", "Example:", "  vigie hub --config /etc/vigie/hub.yaml --log-level INFO"},
    mixinStandardHelpOptions = true,
    description =
        "Run the city hub: every site's records from Kafka, the city-wide API, windows approved"
            + " once.")
public final class HubCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("io.vigie.hub");

  @Option(
      names = "--config",
      required = true,
      paramLabel = "HUB.yaml",
      description = "Hub configuration: hub, kafka, store, state_dir, api, approval, metrics.")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "INFO",
      description = "JUL level: SEVERE, WARNING, INFO, FINE (default: ${DEFAULT-VALUE}).")
  String logLevel;

  private volatile boolean signalled;

  @Override
  public Integer call() throws InterruptedException {
    Level level;
    try {
      level = Level.parse(logLevel);
    } catch (IllegalArgumentException e) {
      throw new UserException("--log-level: unknown level '" + logLevel + "'");
    }
    HubConfig cfg;
    try {
      cfg = YamlLoader.load(config, HubConfig.class);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
    Hub hub;
    try {
      hub = new Hub(config, cfg, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    Handler logs = RunCommand.installLogging(System.err, level);
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) ->
            LOG.log(
                Level.SEVERE,
                "event=thread_died thread="
                    + t.getName()
                    + " error="
                    + KeyValueFormatter.quote(String.valueOf(e.getMessage())),
                e));
    CountDownLatch stopAsked = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              signalled = true;
              stopAsked.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // A stop asked for is a clean stop: 0, not the 143 of a JVM ended by SIGTERM.
              Runtime.getRuntime().halt(0);
            },
            "vigie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      try {
        hub.start();
      } catch (IOException e) {
        throw new UserException("cannot start: " + IoErrors.describe(e));
      }
      LOG.info("event=ready");
      stopAsked.await();
      return 0;
    } finally {
      if (signalled) {
        RunCommand.keepLogging(logs, level);
        LOG.info("event=signal_received action=stop");
      }
      hub.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and ends the process.
      }
    }
  }
}
