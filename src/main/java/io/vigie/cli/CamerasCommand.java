package io.vigie.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.ChangeDetector;
import io.vigie.firmware.ExpectedChanges;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.csaf.AdvisoryLibrary;
import io.vigie.firmware.journal.BaselineFile;
import io.vigie.firmware.onvif.CameraWatch;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.output.FieldMap;
import io.vigie.output.NoticeJson;
import io.vigie.output.Rfc3339;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie cameras certify|poll}: ONVIF polls of the site's cameras.
 *
 * <pre>
 * vigie cameras certify --config site.yaml --out baseline.json   # 0 written, 1 a camera failed, 2 bad input
 * vigie cameras poll --config site.yaml --json                   # 0 nothing to say, 1 notices, 2 bad input
 * vigie cameras inventory --config site.yaml [--json]           # 0 listed, 1 a camera has a known vulnerability
 * </pre>
 */
@Command(
    name = "cameras",
    footer = {"", "Example:", "  vigie cameras poll --config /etc/vigie/site.yaml"},
    mixinStandardHelpOptions = true,
    description = "Poll the site's cameras over ONVIF.",
    subcommands = {
      CamerasCommand.Certify.class,
      CamerasCommand.Poll.class,
      CamerasCommand.Classes.class,
      CamerasInventory.class
    })
public final class CamerasCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  static SiteConfig load(Path config) {
    try {
      SiteConfig site = YamlLoader.load(config, SiteConfig.class);
      if (site.cameras().isEmpty()) {
        throw new UserException(config + ": no 'cameras' to poll");
      }
      return site;
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
  }

  static List<CameraTarget> targets(SiteConfig site, Path config) {
    Path dir = config.toAbsolutePath().getParent();
    return site.cameras().stream().map(c -> CameraTarget.of(c, dir)).toList();
  }

  static FleetPoller fleet(SiteConfig site) {
    return io.vigie.firmware.vendor.Drivers.fleet(
        site.onvif(),
        Clock.systemUTC(),
        PrivacyClassifier.withDefaults(site.privacyClasses()),
        CameraMetrics.NONE);
  }

  /**
   * The city's advisories, or none when {@code advisories.csaf_dir} is not set. A file that does
   * not load is reported on {@code err}, one line each, and the others are used.
   */
  static AdvisoryLibrary.Loaded advisories(SiteConfig site, Path config, PrintWriter err) {
    if (!site.advisories().enabled()) {
      return new AdvisoryLibrary.Loaded(List.of(), List.of(), 0);
    }
    Path dir = config.toAbsolutePath().getParent().resolve(site.advisories().csafDir());
    AdvisoryLibrary.Loaded l;
    try {
      l = AdvisoryLibrary.load(dir, site.advisories().maxFileBytes());
    } catch (IOException e) {
      throw new UserException(config + ": advisories.csaf_dir: " + IoErrors.describe(e));
    }
    for (String e : l.errors()) {
      err.println("vigie: advisory not loaded: " + e);
    }
    err.flush();
    return l;
  }

  @Command(
      name = "certify",
      footer = {
        "",
        "Example:",
        "  vigie cameras certify --config /etc/vigie/site.yaml --out baseline.json"
      },
      mixinStandardHelpOptions = true,
      description =
          "Poll every camera and write a baseline for review; it takes effect only when two approvers accept it.")
  static final class Certify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "SITE.yaml")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "BASELINE.json")
    Path out;

    @Override
    public Integer call() throws InterruptedException {
      SiteConfig site = load(config);
      PrintWriter w = spec.commandLine().getOut();
      List<CameraPoll> polls;
      try (FleetPoller fleet = fleet(site)) {
        polls = fleet.pollAll(targets(site, config));
      }
      Map<String, io.vigie.firmware.CameraState> states = new TreeMap<>();
      int failed = 0;
      long created = Long.MAX_VALUE;
      for (CameraPoll p : polls) {
        created = Math.min(created, p.tsNanos());
        if (p.reachable()) {
          states.put(p.camera(), p.state());
          w.printf(
              "%s: %s %s firmware %s serial %s %s%n",
              p.camera(),
              p.state().identity().manufacturer(),
              p.state().identity().model(),
              p.state().identity().firmware(),
              p.state().identity().serial(),
              p.fingerprint().full());
        } else {
          failed++;
          spec.commandLine()
              .getErr()
              .printf(
                  "vigie: %s: %s: %s%n",
                  p.camera(), p.error().type().wireName(), p.error().detail());
        }
      }
      if (failed > 0) {
        spec.commandLine()
            .getErr()
            .printf("vigie: %d of %d cameras failed; no baseline written%n", failed, polls.size());
        return ExitCodes.FINDING;
      }
      Baseline b = new Baseline(created, states);
      try {
        BaselineFile.write(b, out);
      } catch (IOException e) {
        throw new UserException(out + ": cannot write: " + IoErrors.describe(e));
      }
      w.printf(
          "wrote %s: %d cameras, digest %s; review it, it takes effect when two approvers accept it%n",
          out, states.size(), b.digest());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "poll",
      footer = {"", "Example:", "  vigie cameras poll --config /etc/vigie/site.yaml --json"},
      mixinStandardHelpOptions = true,
      description =
          "Poll every camera once and print its fingerprint and the notices against the configured baseline.")
  static final class Poll implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "SITE.yaml")
    Path config;

    @Option(names = "--json", description = "One JSON record a line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
      SiteConfig site = load(config);
      Baseline baseline = null;
      if (site.baseline() != null) {
        try {
          baseline =
              BaselineFile.read(config.toAbsolutePath().getParent().resolve(site.baseline()));
        } catch (BaselineFile.BadBaseline e) {
          throw new UserException(e.getMessage());
        }
      }
      PrivacyClassifier classifier = PrivacyClassifier.withDefaults(site.privacyClasses());
      List<Notice> notices = new ArrayList<>();
      CameraWatch.Round round;
      try (FleetPoller fleet = fleet(site)) {
        CameraWatch watch =
            new CameraWatch(
                fleet,
                new ChangeDetector(classifier, ExpectedChanges.NONE),
                new BaselineHolder(baseline, EvidenceSink.NONE),
                notices::add,
                EvidenceSink.NONE,
                advisories(site, config, spec.commandLine().getErr()).matcher());
        round = watch.runOnce(targets(site, config));
      }
      PrintWriter w = spec.commandLine().getOut();
      for (CameraPoll p : round.polls()) {
        w.println(json ? json(cameraRecord(p, classifier)) : text(p));
        for (Notice n : notices) {
          if (p.camera().equals(n.camera())) {
            w.println(
                json
                    ? json(noticeRecord(n))
                    : "  " + n.severity() + " " + n.note() + ": " + n.msg());
          }
        }
      }
      if (baseline == null && !json) {
        w.println("(no 'baseline' in the config: only privacy and unknown-type notices)");
      }
      w.flush();
      return notices.stream().anyMatch(n -> n.severity() != Severity.INFO)
          ? ExitCodes.FINDING
          : ExitCodes.OK;
    }

    private static String text(CameraPoll p) {
      if (!p.reachable()) {
        return p.camera() + ": unreachable (" + p.error().type().wireName() + ")";
      }
      return p.camera()
          + ": "
          + p.state().identity().model()
          + " firmware "
          + p.state().identity().firmware()
          + " serial "
          + p.state().identity().serial()
          + " "
          + p.fingerprint().full();
    }
  }

  @Command(
      name = "classes",
      footer = {"", "Example:", "  vigie cameras classes --config /etc/vigie/site.yaml"},
      mixinStandardHelpOptions = true,
      description =
          "List the privacy classes of analytics types, apps and rule types: the built-in table (ONVIF and vendor names) and the site's privacy_classes.")
  static final class Classes implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "SITE.yaml", description = "Add the site's rules.")
    Path config;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      if (config != null) {
        SiteConfig site;
        try {
          site = YamlLoader.load(config, SiteConfig.class);
        } catch (ConfigException e) {
          throw new UserException(e.getMessage());
        }
        for (io.vigie.config.PrivacyClassRule r : site.privacyClasses()) {
          w.printf(
              "%-18s %-32s site%s%n",
              r.privacyClass(), r.type(), r.namespace() == null ? "" : " {" + r.namespace() + "}");
        }
      }
      PrivacyClassifier.builtIn()
          .forEach((type, c) -> w.printf("%-18s %-32s built-in%n", c.wireName(), type));
      w.println(
          "(names not listed are classed by what they say: face+recogni/compar/library is"
              + " face_recognition, plate/lpr/anpr plate_reading, face face_detection...)");
      w.flush();
      return ExitCodes.OK;
    }
  }

  static Map<String, Object> cameraRecord(CameraPoll p, PrivacyClassifier classifier) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "camera");
    m.put("ts", Rfc3339.micros(p.tsNanos()));
    m.put("name", p.camera());
    m.put("reachable", p.reachable());
    if (!p.reachable()) {
      m.put("error", p.error().type().wireName());
      m.put("detail", p.error().detail());
      return m;
    }
    var id = p.state().identity();
    m.put("manufacturer", id.manufacturer());
    m.put("model", id.model());
    m.put("firmware", id.firmware());
    m.put("serial", id.serial());
    m.put("hardware_id", id.hardwareId());
    m.put("fingerprint", p.fingerprint().full());
    m.put("parts", p.fingerprint().parts());
    Map<String, List<String>> byClass = new TreeMap<>();
    for (AnalyticsItem i : p.state().analytics()) {
      byClass
          .computeIfAbsent(classifier.classify(i).wireName(), k -> new ArrayList<>())
          .add(
              i.kind().wireName()
                  + " "
                  + AnalyticsItem.shortType(i.type())
                  + (i.name().isEmpty() ? "" : " " + i.name()));
    }
    m.put("analytics", byClass);
    m.put("users", p.state().users());
    m.put("remote_user", p.state().remoteUser());
    m.put("dp_addresses", p.state().dpAddresses());
    m.put("discovery_mode", p.state().discoveryMode());
    m.put("libraries", p.state().libraries());
    m.put("remote_services", p.state().remoteServices());
    m.put("platforms", p.state().platforms());
    m.put("time", p.state().time());
    return m;
  }

  /** The replay notice record, camera notices all. */
  static Map<String, Object> noticeRecord(Notice n) {
    FieldMap f = FieldMap.keepingNulls();
    NoticeJson.write(n, f);
    return f.fields();
  }

  static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps always serialise", e);
    }
  }
}
