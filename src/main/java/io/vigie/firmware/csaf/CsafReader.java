package io.vigie.firmware.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.firmware.Advisory;
import io.vigie.firmware.ModelPattern;
import io.vigie.firmware.VersionRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one CSAF 2.0 document (OASIS CSAF v2.0, sections 3.2.2 product tree and 3.2.3
 * vulnerabilities) into an {@link Advisory}. What vigie needs, nothing more:
 *
 * <pre>
 * document.tracking.id, document.title, document.csaf_version == "2.0"
 * product_tree.branches[]  vendor ─► product_name ─► product_version | product_version_range ─► product.product_id
 * vulnerabilities[].cve, .product_status.{known_affected,first_affected,last_affected,fixed,first_fixed,known_not_affected}
 * </pre>
 *
 * <p>{@code full_product_names} and {@code relationships} are not read: a product without a vendor
 * and model branch cannot be matched to a camera. A version range vigie cannot read makes the whole
 * file an error, rather than a product silently never matching.
 */
public final class CsafReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CsafReader() {}

  /** Thrown with a message naming the field; the caller adds the file. */
  public static final class BadAdvisory extends Exception {
    private static final long serialVersionUID = 1L;

    BadAdvisory(String message) {
      super(message);
    }
  }

  public static Advisory read(byte[] json, String source) throws BadAdvisory {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new BadAdvisory("not JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadAdvisory("not a JSON object");
    }
    JsonNode doc = root.path("document");
    String version = text(doc, "csaf_version", "document.csaf_version");
    if (!"2.0".equals(version)) {
      throw new BadAdvisory("document.csaf_version is '" + version + "', not 2.0");
    }
    String id = text(doc.path("tracking"), "id", "document.tracking.id");
    String title = doc.path("title").asText("");
    Map<String, Advisory.Product> products = new LinkedHashMap<>();
    walk(root.path("product_tree").path("branches"), null, null, products, "product_tree.branches");
    List<Advisory.Vulnerability> vulns = new ArrayList<>();
    JsonNode vs = root.path("vulnerabilities");
    if (!vs.isMissingNode() && !vs.isArray()) {
      throw new BadAdvisory("vulnerabilities is not a list");
    }
    int i = 0;
    for (JsonNode v : vs) {
      String at = "vulnerabilities[" + i++ + "]";
      List<String> cves = new ArrayList<>();
      if (v.hasNonNull("cve")) {
        cves.add(v.get("cve").asText());
      }
      JsonNode st = v.path("product_status");
      Set<String> affected = new HashSet<>();
      Set<String> fixed = new HashSet<>();
      for (String k : List.of("known_affected", "first_affected", "last_affected")) {
        ids(st.path(k), at + ".product_status." + k, affected);
      }
      for (String k : List.of("fixed", "first_fixed", "known_not_affected")) {
        ids(st.path(k), at + ".product_status." + k, fixed);
      }
      vulns.add(new Advisory.Vulnerability(cves, affected, fixed));
    }
    return new Advisory(id, title, source, products, vulns);
  }

  private static void walk(
      JsonNode branches,
      String vendor,
      String productName,
      Map<String, Advisory.Product> out,
      String at)
      throws BadAdvisory {
    if (branches.isMissingNode()) {
      return;
    }
    if (!branches.isArray()) {
      throw new BadAdvisory(at + " is not a list");
    }
    int i = 0;
    for (JsonNode b : branches) {
      String here = at + "[" + i++ + "]";
      String category = text(b, "category", here + ".category");
      String name = text(b, "name", here + ".name");
      String v = vendor;
      String p = productName;
      VersionRange range = null;
      try {
        switch (category) {
          case "vendor" -> v = name;
          case "product_name" -> p = name;
          case "product_version" -> range = VersionRange.exactly(name);
          case "product_version_range" -> range = VersionRange.parse(name);
          default -> {
            // product_family, architecture, language...: context vigie does not match on.
          }
        }
      } catch (IllegalArgumentException e) {
        throw new BadAdvisory(here + ".name: " + e.getMessage());
      }
      JsonNode product = b.path("product");
      if (product.isObject() && p != null) {
        String pid = text(product, "product_id", here + ".product.product_id");
        out.put(
            pid,
            new Advisory.Product(
                pid,
                v == null ? "" : v,
                p,
                ModelPattern.of(v, p),
                range == null ? VersionRange.any() : range));
      }
      walk(b.path("branches"), v, p, out, here + ".branches");
    }
  }

  private static void ids(JsonNode list, String at, Set<String> out) throws BadAdvisory {
    if (list.isMissingNode()) {
      return;
    }
    if (!list.isArray()) {
      throw new BadAdvisory(at + " is not a list");
    }
    for (JsonNode id : list) {
      out.add(id.asText());
    }
  }

  private static String text(JsonNode n, String field, String at) throws BadAdvisory {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadAdvisory(at + " is missing");
    }
    return v.asText();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
