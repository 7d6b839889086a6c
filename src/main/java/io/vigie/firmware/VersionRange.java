package io.vigie.firmware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The versions a CSAF {@code product_version_range} names, in either of the forms found in
 * published advisories:
 *
 * <pre>
 * vers:generic/&gt;=1.0|&lt;2.3.4       the vers specification (package-url/purl-spec, VERSION-RANGE-SPEC)
 * vers:all/*                      every version
 * &gt;= 5.3.1 build 150410 | &lt;= 5.4.4 Build 161125   legacy ranges, the same constraints without the scheme
 * &lt;= 1.65.4                       only an upper bound
 * </pre>
 *
 * <p>Versions inside a range are compared as {@link FirmwareVersion}s whatever the vers scheme
 * says: camera vendors' schemes are not registered ones. Containment follows the vers algorithm:
 * equality constraints first, then the sorted bounds read pairwise as intervals.
 */
public final class VersionRange {
  private enum Op {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String text;

    Op(String text) {
      this.text = text;
    }

    boolean includesEqual() {
      return this == EQ || this == LE || this == GE;
    }

    boolean lower() {
      return this == GT || this == GE;
    }

    boolean upper() {
      return this == LT || this == LE;
    }
  }

  private record Constraint(Op op, FirmwareVersion version) {}

  private final String text;
  private final boolean all;
  private final List<Constraint> constraints;

  private VersionRange(String text, boolean all, List<Constraint> constraints) {
    this.text = text;
    this.all = all;
    this.constraints = List.copyOf(constraints);
  }

  /** Every version: a product named without a version. */
  public static VersionRange any() {
    return new VersionRange("*", true, List.of());
  }

  /** One version: a CSAF {@code product_version}. */
  public static VersionRange exactly(String version) {
    return parse("=" + version);
  }

  /**
   * @throws IllegalArgumentException naming the constraint that is not a comparator and a version
   */
  public static VersionRange parse(String range) {
    if (range == null || range.isBlank()) {
      throw new IllegalArgumentException("empty version range");
    }
    String s = range.trim();
    if (s.regionMatches(true, 0, "vers:", 0, 5)) {
      int slash = s.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("vers range '" + range + "' has no '/'");
      }
      s = s.substring(slash + 1).trim();
    }
    if (s.equals("*")) {
      return new VersionRange(range, true, List.of());
    }
    List<Constraint> cs = new ArrayList<>();
    for (String part : s.split("\\|")) {
      String p = part.trim();
      Op op = Op.EQ;
      for (Op o : new Op[] {Op.NE, Op.LE, Op.GE, Op.LT, Op.GT, Op.EQ}) {
        if (p.startsWith(o.text)) {
          op = o;
          p = p.substring(o.text.length()).trim();
          break;
        }
      }
      String v = p;
      FirmwareVersion fv =
          FirmwareVersion.parse(v)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "version range '"
                              + range
                              + "': '"
                              + part.trim()
                              + "' is not a comparator and a version"));
      cs.add(new Constraint(op, fv));
    }
    return new VersionRange(range, false, cs);
  }

  public boolean contains(FirmwareVersion v) {
    if (all) {
      return true;
    }
    for (Constraint c : constraints) {
      if (c.op.includesEqual() && v.compareTo(c.version) == 0) {
        return true;
      }
    }
    for (Constraint c : constraints) {
      if (c.op == Op.NE && v.compareTo(c.version) == 0) {
        return false;
      }
    }
    List<Constraint> bounds = new ArrayList<>();
    for (Constraint c : constraints) {
      if (c.op != Op.EQ && c.op != Op.NE) {
        bounds.add(c);
      }
    }
    if (bounds.isEmpty()) {
      // Only "!=" constraints: everything else is in; only "=": nothing else is.
      return constraints.stream().allMatch(c -> c.op == Op.NE);
    }
    bounds.sort(Comparator.comparing(Constraint::version));
    for (int i = 0; i < bounds.size(); i++) {
      Constraint c = bounds.get(i);
      int cmp = v.compareTo(c.version);
      if (i == 0 && c.op.upper() && cmp < 0) {
        return true;
      }
      if (i == bounds.size() - 1 && c.op.lower() && cmp > 0) {
        return true;
      }
      if (i + 1 < bounds.size() && c.op.lower() && bounds.get(i + 1).op.upper()) {
        if (cmp > 0 && v.compareTo(bounds.get(i + 1).version) < 0) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text.toLowerCase(Locale.ROOT).startsWith("vers:") ? text : text.trim();
  }
}
