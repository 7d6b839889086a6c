package io.vigie.firmware.onvif;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed SOAP message: namespace URI and local name (never a prefix, since cameras
 * use {@code env:}, {@code SOAP-ENV:}, {@code s:}, {@code ns0:} or none for the same thing),
 * attributes by local name, trimmed text, children, and the prefixes in scope so that QName values
 * such as {@code Type="hikxsd:TamperEngine"} can be resolved.
 */
public record XmlNode(
    String ns,
    String local,
    Map<String, String> attrs,
    String text,
    List<XmlNode> children,
    Map<String, String> scope) {

  public boolean is(String namespace, String localName) {
    return local.equals(localName) && ns.equals(namespace);
  }

  /** First child with this local name, any namespace (cameras disagree on tt: versus tds:). */
  public Optional<XmlNode> child(String localName) {
    for (XmlNode c : children) {
      if (c.local.equals(localName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public List<XmlNode> all(String localName) {
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : children) {
      if (c.local.equals(localName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Descendants (depth first, this node excluded) with this local name. */
  public List<XmlNode> descendants(String localName) {
    List<XmlNode> out = new ArrayList<>();
    collect(localName, out);
    return out;
  }

  private void collect(String localName, List<XmlNode> out) {
    for (XmlNode c : children) {
      if (c.local.equals(localName)) {
        out.add(c);
      }
      c.collect(localName, out);
    }
  }

  public String childText(String localName) {
    return child(localName).map(XmlNode::text).orElse("");
  }

  public String attr(String localName) {
    return attrs.getOrDefault(localName, "");
  }

  /**
   * Resolves a QName value to Clark notation {@code {namespace}local}; an undeclared prefix other
   * than {@code tt} gives {@code {?prefix}local} so that it still compares, shows and classifies by
   * its local name.
   */
  public String resolveQName(String value) {
    String v = value.trim();
    int colon = v.indexOf(':');
    String prefix = colon < 0 ? "" : v.substring(0, colon);
    String localName = v.substring(colon + 1);
    String uri = scope.get(prefix);
    if (uri == null && prefix.equals("tt")) {
      // Re-serialising tools (Python ElementTree) drop declarations only QName values used; tt is
      // the ONVIF schema by universal convention.
      uri = "http://www.onvif.org/ver10/schema";
    }
    return "{" + (uri == null ? (prefix.isEmpty() ? "" : "?" + prefix) : uri) + "}" + localName;
  }
}
