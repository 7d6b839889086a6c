package io.vigie.firmware;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What vigie keeps of one CSAF 2.0 security advisory: its products (vendor, model pattern and
 * version range, from {@code product_tree}) and, per vulnerability, which products are affected and
 * which are fixed. Built by the {@code firmware.csaf} reader; matched here without any JSON.
 *
 * @param id {@code document.tracking.id}, e.g. {@code ICSA-17-124-01}
 * @param title {@code document.title}
 * @param source the file it was read from, for messages
 * @param products by {@code product_id}
 */
public record Advisory(
    String id,
    String title,
    String source,
    Map<String, Product> products,
    List<Vulnerability> vulnerabilities) {
  public Advisory {
    products = Map.copyOf(products);
    vulnerabilities = List.copyOf(vulnerabilities);
  }

  /**
   * A product of the tree: a model (pattern) of a vendor in a range of versions.
   *
   * @param versions {@link VersionRange#any()} when the tree names no version
   */
  public record Product(
      String id, String vendor, String name, ModelPattern model, VersionRange versions) {
    /** The camera is this product: same vendor (when both are known), model, version in range. */
    public boolean covers(String cameraVendor, String model, FirmwareVersion firmware) {
      String a = ModelPattern.vendorKey(vendor);
      String b = ModelPattern.vendorKey(cameraVendor);
      if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
        return false;
      }
      return model(cameraVendor, model) && firmware != null && versions.contains(firmware);
    }

    private boolean model(String cameraVendor, String model) {
      return this.model.matches(vendor == null || vendor.isEmpty() ? cameraVendor : vendor, model);
    }
  }

  /**
   * One entry of {@code vulnerabilities}.
   *
   * @param cves its CVE id, or none
   * @param affected {@code known_affected}, {@code first_affected} and {@code last_affected}
   * @param fixed {@code fixed} and {@code first_fixed}, with {@code known_not_affected}
   */
  public record Vulnerability(List<String> cves, Set<String> affected, Set<String> fixed) {
    public Vulnerability {
      cves = List.copyOf(cves);
      affected = Set.copyOf(affected);
      fixed = Set.copyOf(fixed);
    }
  }
}
