package io.vigie.cli;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.daemon.ControlSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie reload --config SITE.yaml}: asks the running daemon (through the control socket in
 * the config's {@code state_dir}) to read its config again. The daemon applies it whole or refuses
 * it and keeps the running one; the answer is printed, and a refusal exits 2.
 */
@Command(
    name = "reload",
    footer = {"", "Example:", "  vigie reload --config /etc/vigie/site.yaml"},
    mixinStandardHelpOptions = true,
    description = "Make a running 'vigie run' read its config again (whole or not at all).")
public final class ReloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "SITE.yaml",
      description = "The config file the daemon runs with (its state_dir locates the daemon).")
  Path config;

  @Override
  public Integer call() {
    SiteConfig site;
    try {
      site = YamlLoader.load(config, SiteConfig.class);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage() + " (not sent: the daemon would refuse it)");
    }
    if (site.stateDir() == null) {
      throw new UserException(config + ": 'state_dir' is missing");
    }
    Path dir = config.toAbsolutePath().getParent().resolve(site.stateDir());
    String answer;
    try {
      answer = ControlSocket.send(dir, "reload");
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    }
    if (answer.startsWith("ok")) {
      spec.commandLine().getOut().println(answer);
      return 0;
    }
    throw new UserException(answer);
  }
}
