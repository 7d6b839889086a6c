package io.vigie.firmware;

import io.vigie.notice.Notice;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Matches cameras against the advisories the city keeps: a camera is affected by an advisory when
 * one of its vulnerabilities lists, as affected, a product the camera is (vendor, model, firmware
 * in range), and lists no fixed product the camera also is.
 *
 * <pre>{@code
 * KnownVulnerabilities kv = new KnownVulnerabilities(advisories);
 * kv.match("HIKVISION", "DS-2CD2142FWD-I", "V5.4.0 build 160401");  // [ICSA-17-124-01 ...]
 * kv.notices(poll);                                                 // known_vulnerability, one per advisory
 * }</pre>
 */
public final class KnownVulnerabilities {
  /** No advisories: nothing matches. */
  public static final KnownVulnerabilities NONE = new KnownVulnerabilities(List.of());

  private final List<Advisory> advisories;

  public KnownVulnerabilities(List<Advisory> advisories) {
    this.advisories = List.copyOf(advisories);
  }

  /**
   * One advisory that affects a camera.
   *
   * @param cves the CVE ids of the advisory's vulnerabilities that affect it, sorted
   * @param products the names of the products it matched
   */
  public record Match(String advisory, String title, List<String> cves, List<String> products) {}

  public int advisoryCount() {
    return advisories.size();
  }

  public List<Match> match(String vendor, String model, String firmware) {
    Optional<FirmwareVersion> v = FirmwareVersion.parse(firmware);
    if (v.isEmpty() || advisories.isEmpty()) {
      return List.of();
    }
    List<Match> out = new ArrayList<>();
    for (Advisory a : advisories) {
      TreeSet<String> cves = new TreeSet<>();
      TreeSet<String> products = new TreeSet<>();
      boolean hit = false;
      for (Advisory.Vulnerability vuln : a.vulnerabilities()) {
        List<String> matched = covering(a, vuln.affected(), vendor, model, v.get());
        if (matched.isEmpty() || !covering(a, vuln.fixed(), vendor, model, v.get()).isEmpty()) {
          continue;
        }
        hit = true;
        cves.addAll(vuln.cves());
        products.addAll(matched);
      }
      if (hit) {
        out.add(new Match(a.id(), a.title(), List.copyOf(cves), List.copyOf(products)));
      }
    }
    return out;
  }

  /** A {@code known_vulnerability} notice for each advisory affecting a camera this poll saw. */
  public List<Notice> notices(CameraPoll p) {
    if (!p.reachable()) {
      return List.of();
    }
    DeviceIdentity d = p.state().identity();
    List<Notice> out = new ArrayList<>();
    for (Match m : match(d.manufacturer(), d.model(), d.firmware())) {
      String cves = m.cves().isEmpty() ? "no CVE id" : String.join(", ", m.cves());
      out.add(
          NoticeType.KNOWN_VULNERABILITY.notice(
              p.tsNanos(),
              // The firmware is part of the fact: an upgrade that is still affected is new news.
              NoticeIds.of(
                  NoticeType.KNOWN_VULNERABILITY.wireName(),
                  p.camera(),
                  m.advisory(),
                  d.firmware()),
              null,
              p.camera()
                  + " ("
                  + (d.manufacturer() + " " + d.model()).trim()
                  + ", firmware "
                  + d.firmware()
                  + ") is affected by "
                  + m.advisory()
                  + " ("
                  + cves
                  + "): "
                  + m.title(),
              null,
              p.camera()));
    }
    return out;
  }

  private static List<String> covering(
      Advisory a, Iterable<String> ids, String vendor, String model, FirmwareVersion v) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      Advisory.Product p = a.products().get(id);
      if (p != null && p.covers(vendor, model, v)) {
        out.add(p.name() + " " + p.versions());
      }
    }
    return out;
  }
}
