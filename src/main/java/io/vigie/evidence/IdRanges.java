package io.vigie.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of record ids written as ascending ranges, {@code "1-5,9,12-40"}: how a bundle's signed
 * manifest says which records of {@code chain.jsonl} carry their content.
 */
final class IdRanges {
  private final List<long[]> ranges = new ArrayList<>();

  /** Adds an id greater than every id added before. */
  void add(long id) {
    long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
    if (last != null && id <= last[1]) {
      throw new IllegalArgumentException("ids must ascend: " + id + " after " + last[1]);
    }
    if (last != null && id == last[1] + 1) {
      last[1] = id;
    } else {
      ranges.add(new long[] {id, id});
    }
  }

  boolean contains(long id) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long[] r = ranges.get(mid);
      if (id < r[0]) {
        hi = mid - 1;
      } else if (id > r[1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  static IdRanges parse(String text) {
    IdRanges out = new IdRanges();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      long from = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
      long to = dash < 0 ? from : Long.parseLong(part.substring(dash + 1));
      if (to < from) {
        throw new IllegalArgumentException("range " + part + " runs backwards");
      }
      out.add(from);
      if (to > from) {
        out.ranges.get(out.ranges.size() - 1)[1] = to;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (long[] r : ranges) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r[0]);
      if (r[1] > r[0]) {
        sb.append('-').append(r[1]);
      }
    }
    return sb.toString();
  }
}
