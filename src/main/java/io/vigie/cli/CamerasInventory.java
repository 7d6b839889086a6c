package io.vigie.cli;

import io.vigie.config.SiteConfig;
import io.vigie.evidence.LatestSnapshots;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.InventoryEntry;
import io.vigie.firmware.KnownVulnerabilities;
import io.vigie.firmware.csaf.AdvisoryLibrary;
import io.vigie.firmware.journal.BaselineFile;
import io.vigie.output.Rfc3339;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie cameras inventory}: every camera of the site with what it runs and the advisories
 * that affect it, without polling anything.
 *
 * <pre>
 * vigie cameras inventory --config site.yaml          # a table; 0, or 1 when a camera is affected
 * vigie cameras inventory --config site.yaml --json   # one camera_inventory record a line
 * </pre>
 *
 * <p>The state of each camera is the newest {@code camera_snapshot} the daemon kept in the evidence
 * store (so the inventory is what the running daemon last saw, readable while it runs, and nothing
 * the vendor could fake by answering a poll of ours differently); a camera never polled is listed
 * from the configured baseline, and marked so. Advisories come from {@code advisories.csaf_dir}.
 */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description =
        "List every camera with vendor, model, firmware, apps, remote services and known vulnerabilities,"
            + " from the daemon's last poll (the evidence store) or the baseline.",
    footer = {"", "Example:", "  vigie cameras inventory --config /etc/vigie/vigie.yaml --json"})
final class CamerasInventory implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "SITE.yaml")
  Path config;

  @Option(names = "--json", description = "One JSON record a line.")
  boolean json;

  @Override
  public Integer call() {
    SiteConfig site = CamerasCommand.load(config);
    PrintWriter err = spec.commandLine().getErr();
    AdvisoryLibrary.Loaded advisories = CamerasCommand.advisories(site, config, err);
    KnownVulnerabilities kv = advisories.matcher();
    Path dir = config.toAbsolutePath().getParent();
    Map<String, EvidenceRecord> polled = snapshots(site, dir, err);
    Baseline baseline = null;
    if (site.baseline() != null) {
      try {
        baseline = BaselineFile.read(dir.resolve(site.baseline()));
      } catch (BaselineFile.BadBaseline e) {
        throw new UserException(e.getMessage());
      }
    }
    List<InventoryEntry> entries = new ArrayList<>();
    for (var c : site.cameras()) {
      EvidenceRecord r = polled.get(c.name());
      CameraState fromPoll = r == null ? null : state(r);
      if (fromPoll != null) {
        entries.add(
            InventoryEntry.of(c.name(), InventoryEntry.LAST_POLL, r.tsNanos(), fromPoll, kv));
      } else if (baseline != null && baseline.camera(c.name()).isPresent()) {
        entries.add(
            InventoryEntry.of(
                c.name(),
                InventoryEntry.BASELINE,
                baseline.createdNanos(),
                baseline.camera(c.name()).get(),
                kv));
      } else {
        entries.add(InventoryEntry.unknown(c.name()));
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    int affected = 0;
    for (InventoryEntry e : entries) {
      if (!e.vulnerabilities().isEmpty()) {
        affected++;
      }
      if (json) {
        w.println(CamerasCommand.json(record(e)));
      } else {
        text(w, e);
      }
    }
    if (!json) {
      w.printf(
          "%d cameras, %d with known vulnerabilities (%d advisories loaded%s)%n",
          entries.size(),
          affected,
          advisories.advisories().size(),
          advisories.errors().isEmpty() ? "" : ", " + advisories.errors().size() + " not loaded");
    }
    w.flush();
    return affected > 0 ? ExitCodes.FINDING : ExitCodes.OK;
  }

  /** The newest snapshot per camera, or none when the site keeps no store yet. */
  private static Map<String, EvidenceRecord> snapshots(SiteConfig site, Path dir, PrintWriter err) {
    Path db;
    if (site.evidence().path() != null) {
      db = dir.resolve(site.evidence().path());
    } else if (site.stateDir() != null) {
      db = dir.resolve(site.stateDir()).resolve("evidence.db");
    } else {
      return Map.of();
    }
    try {
      return LatestSnapshots.read(
          db,
          site.cameras().stream()
              .map(io.vigie.config.CameraConfig::name)
              .collect(java.util.stream.Collectors.toSet()));
    } catch (IOException e) {
      err.println("vigie: " + e.getMessage() + "; cameras are listed from the baseline");
      return Map.of();
    }
  }

  /** A snapshot's state, or null for a failed poll (then the baseline or nothing is shown). */
  private static CameraState state(EvidenceRecord r) {
    Object s = r.fields().get("state");
    if (!(s instanceof Map<?, ?> m)) {
      return null;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    m.forEach((k, v) -> fields.put(String.valueOf(k), v));
    try {
      return BaselineFile.stateFromMap(fields);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Map<String, Object> record(InventoryEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "camera_inventory");
    m.put("camera", e.camera());
    m.put("source", e.source());
    m.put("seen", e.tsNanos() == 0 ? null : Rfc3339.micros(e.tsNanos()));
    m.put("vendor", e.vendor());
    m.put("model", e.model());
    m.put("firmware", e.firmware());
    m.put("apps", e.apps());
    m.put("remote_services", e.remoteServices());
    List<Map<String, Object>> vulns = new ArrayList<>();
    for (KnownVulnerabilities.Match v : e.vulnerabilities()) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("advisory", v.advisory());
      vm.put("title", v.title());
      vm.put("cves", v.cves());
      vm.put("products", v.products());
      vulns.add(vm);
    }
    m.put("known_vulnerabilities", vulns);
    return m;
  }

  private static void text(PrintWriter w, InventoryEntry e) {
    if (InventoryEntry.NONE.equals(e.source())) {
      w.printf("%s: never polled, not in the baseline%n", e.camera());
      return;
    }
    w.printf(
        "%s: %s %s firmware %s (%s %s)%n",
        e.camera(),
        e.vendor(),
        e.model(),
        e.firmware(),
        InventoryEntry.LAST_POLL.equals(e.source()) ? "polled" : "baseline of",
        Rfc3339.micros(e.tsNanos()));
    w.printf("  apps: %s%n", e.apps().isEmpty() ? "none seen" : String.join("; ", e.apps()));
    w.printf(
        "  remote services: %s%n",
        e.remoteServices().isEmpty() ? "none seen" : String.join("; ", e.remoteServices()));
    for (KnownVulnerabilities.Match v : e.vulnerabilities()) {
      w.printf(
          "  KNOWN VULNERABILITY %s (%s): %s%n",
          v.advisory(), v.cves().isEmpty() ? "no CVE id" : String.join(", ", v.cves()), v.title());
    }
  }
}
