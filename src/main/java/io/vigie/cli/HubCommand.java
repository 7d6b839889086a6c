package io.vigie.cli;

import io.vigie.config.ConfigException;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.hub.Hub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
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
    RunCommand.logThreadDeaths(LOG);
    StopSignal stop = new StopSignal();
    try {
      try {
        hub.start();
      } catch (IOException e) {
        throw new UserException("cannot start: " + IoErrors.describe(e));
      }
      LOG.info("event=ready");
      stop.await();
      return 0;
    } finally {
      if (stop.signalled()) {
        RunCommand.keepLogging(logs, level);
        LOG.info("event=signal_received action=stop");
      }
      hub.close();
      stop.close();
    }
  }
}
