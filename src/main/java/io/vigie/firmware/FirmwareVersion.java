package io.vigie.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A camera firmware version as vendors write it, reduced to what can be ordered: the dotted release
 * numbers and, when there is one, a build number.
 *
 * <pre>
 * V5.4.0 build 160530          release [5, 4, 0]      build 160530   (Hikvision)
 * 2.820.0000000.48.R.220614    release [2, 820, 0, 48] build 220614  (Dahua: the date is the build)
 * 1.4.0_build221212            release [1, 4, 0]      build 221212
 * 10.12.114                    release [10, 12, 114]  no build       (Axis)
 * </pre>
 *
 * <p>Leading letters ({@code V}, {@code MX-V}) are skipped. Releases compare number by number,
 * missing numbers being 0 ({@code 5.5 == 5.5.0}); builds compare only when both sides have one, so
 * {@code V5.5.0} equals {@code 5.5.0 build 200101}: a camera that reports no build is neither
 * before nor after a build of the same release (advisories name builds, cameras often do not).
 *
 * @param text the version as written
 * @param release the dotted numbers, at least one
 * @param build the last number after the release, or -1 when there is none
 */
public record FirmwareVersion(String text, List<Long> release, long build)
    implements Comparable<FirmwareVersion> {
  /** Longer digit runs are not versions (and would overflow a long). */
  private static final int MAX_DIGITS = 18;

  public FirmwareVersion {
    release = List.copyOf(release);
    if (release.isEmpty()) {
      throw new IllegalArgumentException("a version has at least one number");
    }
  }

  /** The version, or empty when the text holds no number to order by. */
  public static Optional<FirmwareVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    int i = 0;
    while (i < s.length() && !Character.isDigit(s.charAt(i))) {
      i++;
    }
    List<Long> release = new ArrayList<>();
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i - start > MAX_DIGITS) {
        return Optional.empty();
      }
      release.add(Long.parseLong(s.substring(start, i)));
      if (i + 1 < s.length() && s.charAt(i) == '.' && Character.isDigit(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (release.isEmpty()) {
      return Optional.empty();
    }
    // What follows the release ("build 160530", ".R.220614", "_build221212"): its last number.
    long build = -1;
    int end = s.length();
    while (end > i && !Character.isDigit(s.charAt(end - 1))) {
      end--;
    }
    if (end > i) {
      int start = end;
      while (start > i && Character.isDigit(s.charAt(start - 1))) {
        start--;
      }
      if (end - start > MAX_DIGITS) {
        return Optional.empty();
      }
      build = Long.parseLong(s.substring(start, end));
    }
    return Optional.of(new FirmwareVersion(s, release, build));
  }

  public boolean hasBuild() {
    return build >= 0;
  }

  @Override
  public int compareTo(FirmwareVersion o) {
    int n = Math.max(release.size(), o.release.size());
    for (int k = 0; k < n; k++) {
      long a = k < release.size() ? release.get(k) : 0;
      long b = k < o.release.size() ? o.release.get(k) : 0;
      if (a != b) {
        return Long.compare(a, b);
      }
    }
    return hasBuild() && o.hasBuild() ? Long.compare(build, o.build) : 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
