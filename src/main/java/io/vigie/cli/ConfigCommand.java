package io.vigie.cli;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigie config check FILE}: says OK or what is wrong, with file, line and key. */
@Command(
    name = "config",
    footer = {"", "Example:", "  vigie config check /etc/vigie/site.yaml"},
    mixinStandardHelpOptions = true,
    description = "Work with site configuration files.",
    subcommands = ConfigCommand.Check.class)
public final class ConfigCommand {

  @Command(
      name = "check",
      footer = {"", "Example:", "  vigie config check /etc/vigie/site.yaml"},
      mixinStandardHelpOptions = true,
      description =
          "Validate a site configuration file; exit 0 when valid, 2 with the reason otherwise.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Site configuration (YAML).")
    Path file;

    @Override
    public Integer call() {
      try {
        SiteConfig site = YamlLoader.load(file, SiteConfig.class);
        spec.commandLine()
            .getOut()
            .printf(
                "%s: OK (%d networks, %d devices, %d vendor blocks, %d vendor domains, %d platforms)%n",
                file,
                site.networks().size(),
                site.devices().size(),
                site.vendor().cidrs().size(),
                site.vendor().domains().size(),
                site.platforms().size());
        return 0;
      } catch (ConfigException e) {
        throw new UserException(e.getMessage());
      }
    }
  }
}
