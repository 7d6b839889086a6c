package io.vigie.daemon;

import io.vigie.api.AdminRoutes;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.pipeline.Pipeline;
import io.vigie.pipeline.SiteStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The daemon's config reload, whole or nothing, whichever way it is asked for: SIGHUP, {@code vigie
 * reload} on the control socket ({@link #command}), or {@code POST /api/v1/admin/reload} ({@link
 * #forApi}).
 *
 * <pre>
 * read + validate the file ─► only site sections changed? ─► prepare every pipeline's site stage
 *        │ no: refused, the running config stays              │ one fails: refused, nothing switched
 *        ▼                                                    ▼
 *   refused (counted, logged with the reason)      swap every pipeline, then the parts that follow
 *                                                  the site (the window service's devices)
 * </pre>
 *
 * <p>Only the site sections ({@code site, networks, devices, vendor, allowed_services,
 * certified_images, platforms}) may differ from the running config; a change elsewhere is refused
 * with the section named, since those parts hold sockets, files or threads that a restart must
 * reopen.
 */
public final class ConfigReload implements HealthEndpoint.ReloadCounts {
  private static final Logger LOG = Logger.getLogger("io.vigie.daemon");

  /** The result of a reload: applied, or refused with the reason. */
  public record Result(boolean applied, String message) {}

  private enum State {
    STARTING,
    RUNNING,
    STOPPING
  }

  private final Path configFile;
  private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();
  private final List<Consumer<SiteConfig>> followers = new CopyOnWriteArrayList<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile SiteConfig config;
  private State state = State.STARTING;

  /**
   * @param running the config the daemon starts with, loaded from {@code configFile}
   */
  public ConfigReload(Path configFile, SiteConfig running) {
    this.configFile = configFile;
    this.config = running;
  }

  /** A pipeline whose site stages follow the config. */
  public void attach(Pipeline pipeline) {
    pipelines.add(pipeline);
  }

  /** A part that is told of each applied config, after the pipelines have switched. */
  public void follow(Consumer<SiteConfig> part) {
    followers.add(part);
  }

  /** Everything is attached: reloads are applied from now on (refused before). */
  public synchronized void running() {
    if (state == State.STARTING) {
      state = State.RUNNING;
    }
  }

  /** The daemon is stopping: every reload from now on is refused. */
  public synchronized void stopping() {
    state = State.STOPPING;
  }

  /** The config in effect (the last one applied). */
  public SiteConfig config() {
    return config;
  }

  /**
   * Reads the config file again and applies it whole, or refuses it and keeps the running one. The
   * reason is logged either way.
   */
  public synchronized Result reload() {
    if (state != State.RUNNING) {
      return refuse(state == State.STOPPING ? "the daemon is stopping" : "the daemon is starting");
    }
    SiteConfig next;
    try {
      next = YamlLoader.load(configFile, SiteConfig.class);
    } catch (ConfigException e) {
      return refuse(e.getMessage());
    }
    List<String> fixed = restartOnlyChanges(config, next);
    if (!fixed.isEmpty()) {
      return refuse(
          configFile
              + ": "
              + String.join(", ", fixed)
              + " changed; these take effect at a restart, the site sections (site, networks, devices, vendor, "
              + "allowed_services, certified_images, platforms) at a reload");
    }
    List<SiteStage> stages = new ArrayList<>();
    try {
      for (Pipeline p : pipelines) {
        stages.add(p.prepare(next));
      }
    } catch (IllegalArgumentException e) {
      return refuse(configFile + ": " + e.getMessage());
    }
    for (int i = 0; i < pipelines.size(); i++) {
      pipelines.get(i).swap(stages.get(i));
    }
    for (Consumer<SiteConfig> f : followers) {
      f.accept(next);
    }
    config = next;
    applied.incrementAndGet();
    String msg =
        "reloaded "
            + configFile
            + " (devices "
            + next.devices().size()
            + ", networks "
            + next.networks().size()
            + ")";
    LOG.info(
        () ->
            "event=config_reloaded config="
                + configFile
                + " devices="
                + next.devices().size()
                + " networks="
                + next.networks().size());
    return new Result(true, msg);
  }

  /** The control socket's protocol: one command per line, one answer line. */
  public String command(String line) {
    return switch (line) {
      case "reload" -> {
        Result r = reload();
        yield (r.applied() ? "ok " : "refused ") + r.message();
      }
      case "health" -> "ok";
      default -> "error unknown command '" + line + "' (known: reload, health)";
    };
  }

  /** The reload behind {@code POST /api/v1/admin/reload}. */
  public AdminRoutes.Reloader forApi() {
    return () -> {
      Result r = reload();
      return new AdminRoutes.Result(r.applied(), r.message());
    };
  }

  @Override
  public long applied() {
    return applied.get();
  }

  @Override
  public long refused() {
    return refused.get();
  }

  private Result refuse(String why) {
    refused.incrementAndGet();
    LOG.warning(
        () ->
            "event=config_reload_refused config="
                + configFile
                + " reason=\""
                + why.replace('"', '\'').replace('\n', ' ')
                + "\"");
    return new Result(false, why);
  }

  private static List<String> restartOnlyChanges(SiteConfig a, SiteConfig b) {
    Map<String, Function<SiteConfig, Object>> sections = new LinkedHashMap<>();
    sections.put("flows", SiteConfig::flows);
    sections.put("metrics", SiteConfig::metrics);
    sections.put("ntp", SiteConfig::ntp);
    sections.put("approval", SiteConfig::approval);
    sections.put("cameras", SiteConfig::cameras);
    sections.put("baseline", SiteConfig::baseline);
    sections.put("onvif", SiteConfig::onvif);
    sections.put("privacy_classes", SiteConfig::privacyClasses);
    sections.put("evidence", SiteConfig::evidence);
    sections.put("api", SiteConfig::api);
    sections.put("gate", SiteConfig::gate);
    sections.put("capture", SiteConfig::capture);
    sections.put("state_dir", SiteConfig::stateDir);
    List<String> changed = new ArrayList<>();
    sections.forEach(
        (name, get) -> {
          if (!Objects.equals(get.apply(a), get.apply(b))) {
            changed.add(name);
          }
        });
    return changed;
  }
}
