package io.vigie.firmware;

import io.vigie.notice.Notice;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares one camera's poll with its certified baseline state and says what changed, as notices.
 *
 * <pre>{@code
 * List<Notice> notices = detector.compare(poll, baseline.camera(poll.camera()));
 * }</pre>
 *
 * <table>
 * <caption>notices</caption>
 * <tr><td>camera_unreachable</td><td>warning</td><td>the poll failed (typed error in msg)</td></tr>
 * <tr><td>camera_replaced</td><td>high</td><td>serial number changed</td></tr>
 * <tr><td>firmware_changed</td><td>high</td><td>firmware version changed</td></tr>
 * <tr><td>analytics_added</td><td>high</td><td>a module/rule (supported or configured) appeared or its parameters changed</td></tr>
 * <tr><td>analytics_removed</td><td>warning</td><td>a module/rule disappeared</td></tr>
 * <tr><td>privacy_analytics_present</td><td>critical (face recognition, plate reading) or high</td><td>per class present</td></tr>
 * <tr><td>unknown_analytics_type</td><td>warning</td><td>a type no rule classifies, not in the baseline</td></tr>
 * <tr><td>users_changed</td><td>high</td><td>account list or levels changed</td></tr>
 * <tr><td>remote_user_set</td><td>high</td><td>a remote user is set that the baseline did not have</td></tr>
 * <tr><td>dp_address_changed</td><td>warning</td><td>discovery proxy addresses changed</td></tr>
 * <tr><td>face_library_present</td><td>critical</td><td>a face library exists (every poll)</td></tr>
 * <tr><td>account_added</td><td>high</td><td>an account name the baseline did not have</td></tr>
 * <tr><td>remote_service_enabled</td><td>high</td><td>ssh/telnet/UPnP/P2P/cloud on, off in the baseline</td></tr>
 * <tr><td>platform_registration_changed</td><td>high</td><td>GB28181/ISUP registrations differ</td></tr>
 * </table>
 *
 * <p>A change an approved window announced (see {@link ExpectedChanges}) keeps its notice, with
 * severity info and the window's ID; {@code privacy_analytics_present} is never expected, since the
 * city promised never to use such analytics.
 */
public final class ChangeDetector {
  private final PrivacyClassifier classifier;
  private final ExpectedChanges expected;

  public ChangeDetector(PrivacyClassifier classifier, ExpectedChanges expected) {
    this.classifier = classifier;
    this.expected = expected;
  }

  public List<Notice> compare(CameraPoll poll, Optional<CameraState> baseline) {
    List<Notice> out = new ArrayList<>();
    String cam = poll.camera();
    long ts = poll.tsNanos();
    if (!poll.reachable()) {
      PollError e = poll.error();
      out.add(
          notice(
              ts,
              NoticeType.CAMERA_UNREACHABLE,
              Severity.WARNING,
              cam,
              e.type().wireName(),
              cam + " did not answer its poll (" + e.type().wireName() + "): " + e.detail(),
              null));
      return out;
    }
    CameraState now = poll.state();
    CameraState was = baseline.orElse(null);
    if (was != null) {
      DeviceIdentity a = was.identity();
      DeviceIdentity b = now.identity();
      if (!a.serial().equals(b.serial())) {
        change(
            out,
            ts,
            NoticeType.CAMERA_REPLACED,
            new CameraChange(cam, "camera_replaced", b.firmware(), null, null),
            a.serial() + ">" + b.serial(),
            cam
                + " was replaced: serial "
                + a.serial()
                + " is now "
                + b.serial()
                + " ("
                + b.manufacturer()
                + " "
                + b.model()
                + ")");
      }
      if (!a.firmware().equals(b.firmware())) {
        change(
            out,
            ts,
            NoticeType.FIRMWARE_CHANGED,
            new CameraChange(cam, "firmware", b.firmware(), null, null),
            a.firmware() + ">" + b.firmware(),
            cam + " firmware changed from " + a.firmware() + " to " + b.firmware());
      }
      analytics(out, ts, cam, was, now);
      if (!was.users().equals(now.users())) {
        TreeSet<String> added = new TreeSet<>(now.users());
        added.removeAll(was.users());
        TreeSet<String> removed = new TreeSet<>(was.users());
        removed.removeAll(now.users());
        out.add(
            notice(
                ts,
                NoticeType.USERS_CHANGED,
                Severity.HIGH,
                cam,
                String.join(",", now.users()),
                cam + " accounts changed: added " + added + ", removed " + removed,
                null));
      }
      if (!was.remoteUser().equals(now.remoteUser())
          && !now.remoteUser().isEmpty()
          && !now.remoteUser().equals(CameraState.UNSUPPORTED)
          && !now.remoteUser().equals(CameraState.REFUSED)) {
        out.add(
            notice(
                ts,
                NoticeType.REMOTE_USER_SET,
                Severity.HIGH,
                cam,
                now.remoteUser(),
                cam + " has a remote user set: " + now.remoteUser(),
                null));
      }
      accountsAdded(out, ts, cam, was, now);
      servicesEnabled(out, ts, cam, was, now);
      if (!was.platforms().equals(now.platforms())) {
        TreeSet<String> added = new TreeSet<>(now.platforms());
        added.removeAll(was.platforms());
        TreeSet<String> removed = new TreeSet<>(was.platforms());
        removed.removeAll(now.platforms());
        out.add(
            notice(
                ts,
                NoticeType.PLATFORM_REGISTRATION_CHANGED,
                Severity.HIGH,
                cam,
                String.join(",", now.platforms()),
                cam + " platform registrations changed: added " + added + ", removed " + removed,
                null));
      }
      if (!was.dpAddresses().equals(now.dpAddresses())) {
        out.add(
            notice(
                ts,
                NoticeType.DP_ADDRESS_CHANGED,
                Severity.WARNING,
                cam,
                String.join(",", now.dpAddresses()),
                cam
                    + " discovery proxy addresses changed from "
                    + was.dpAddresses()
                    + " to "
                    + now.dpAddresses(),
                null));
      }
    }
    privacy(out, ts, cam, now);
    faceLibraries(out, ts, cam, now);
    unknownTypes(out, ts, cam, was, now);
    return out;
  }

  private static String accountName(String user) {
    int colon = user.lastIndexOf(':');
    return colon < 0 ? user : user.substring(0, colon);
  }

  private void accountsAdded(
      List<Notice> out, long ts, String cam, CameraState was, CameraState now) {
    TreeSet<String> before = new TreeSet<>();
    was.users().forEach(u -> before.add(accountName(u)));
    for (String u : now.users()) {
      String name = accountName(u);
      if (!before.contains(name)
          && !name.equals(CameraState.UNSUPPORTED)
          && !name.equals(CameraState.REFUSED)) {
        out.add(
            notice(
                ts,
                NoticeType.ACCOUNT_ADDED,
                Severity.HIGH,
                cam,
                u,
                cam + " has a new account: " + u,
                null));
      }
    }
  }

  private void servicesEnabled(
      List<Notice> out, long ts, String cam, CameraState was, CameraState now) {
    now.remoteServices()
        .forEach(
            (name, value) -> {
              if (CameraState.isOn(value) && !CameraState.isOn(was.remoteServices().get(name))) {
                out.add(
                    notice(
                        ts,
                        NoticeType.REMOTE_SERVICE_ENABLED,
                        Severity.HIGH,
                        cam,
                        name + "=" + value,
                        cam + " switched on remote service " + name + " (" + value + ")",
                        null));
              }
            });
  }

  private void faceLibraries(List<Notice> out, long ts, String cam, CameraState now) {
    TreeSet<String> faces = new TreeSet<>();
    for (String l : now.libraries()) {
      if (l.startsWith("face|")) {
        faces.add(l.substring(5));
      }
    }
    if (!faces.isEmpty()) {
      out.add(
          notice(
              ts,
              NoticeType.FACE_LIBRARY_PRESENT,
              Severity.CRITICAL,
              cam,
              String.join(",", faces),
              cam + " holds face libraries (name|faces): " + faces,
              null));
    }
  }

  private void analytics(List<Notice> out, long ts, String cam, CameraState was, CameraState now) {
    Map<String, AnalyticsItem> before = byKey(was);
    Map<String, AnalyticsItem> after = byKey(now);
    for (AnalyticsItem i : after.values()) {
      AnalyticsItem old = before.get(i.key());
      if (old == null || !old.params().equals(i.params())) {
        String what =
            describe(i) + (old == null ? " appeared" : " changed parameters to " + i.params());
        change(
            out,
            ts,
            NoticeType.ANALYTICS_ADDED,
            new CameraChange(cam, "module_added", now.identity().firmware(), null, i.type()),
            i.key() + "|" + i.params(),
            cam + ": " + what + " (" + classifier.classify(i).wireName() + ")");
      }
    }
    for (AnalyticsItem i : before.values()) {
      if (!after.containsKey(i.key())) {
        change(
            out,
            ts,
            NoticeType.ANALYTICS_REMOVED,
            new CameraChange(cam, "module_removed", now.identity().firmware(), null, i.type()),
            i.key(),
            cam + ": " + describe(i) + " disappeared");
      }
    }
  }

  private void privacy(List<Notice> out, long ts, String cam, CameraState now) {
    Map<PrivacyClass, TreeSet<String>> found = new EnumMap<>(PrivacyClass.class);
    for (AnalyticsItem i : now.analytics()) {
      PrivacyClass c = classifier.classify(i);
      if (c.presenceSeverity() != null) {
        found.computeIfAbsent(c, k -> new TreeSet<>()).add(AnalyticsItem.shortType(i.type()));
      }
    }
    found.forEach(
        (c, types) ->
            out.add(
                notice(
                    ts,
                    NoticeType.PRIVACY_ANALYTICS_PRESENT,
                    c.presenceSeverity(),
                    cam,
                    c.wireName() + "|" + types,
                    cam
                        + " offers or runs "
                        + c.wireName().replace('_', ' ')
                        + " analytics: "
                        + types,
                    null)));
  }

  private void unknownTypes(
      List<Notice> out, long ts, String cam, CameraState was, CameraState now) {
    TreeSet<String> known = new TreeSet<>();
    if (was != null) {
      was.analytics().forEach(i -> known.add(i.type()));
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (AnalyticsItem i : now.analytics()) {
      if (!known.contains(i.type()) && classifier.classify(i) == PrivacyClass.UNKNOWN) {
        unknown.add(i.type());
      }
    }
    for (String t : unknown) {
      out.add(
          notice(
              ts,
              NoticeType.UNKNOWN_ANALYTICS_TYPE,
              Severity.WARNING,
              cam,
              t,
              cam + " has an analytics type vigie cannot classify: " + t,
              null));
    }
  }

  private void change(
      List<Notice> out, long ts, NoticeType note, CameraChange c, String detail, String msg) {
    Optional<String> window = expected.windowFor(c, ts);
    if (window.isPresent()) {
      out.add(
          notice(
              ts,
              note,
              Severity.INFO,
              c.camera(),
              detail,
              "expected in window " + window.get() + ": " + msg,
              window.get()));
    } else {
      out.add(notice(ts, note, note.defaultSeverity(), c.camera(), detail, msg, null));
    }
  }

  private static Map<String, AnalyticsItem> byKey(CameraState s) {
    Map<String, AnalyticsItem> m = new LinkedHashMap<>();
    for (AnalyticsItem i : s.analytics()) {
      m.put(i.key(), i);
    }
    return new TreeMap<>(m);
  }

  private static String describe(AnalyticsItem i) {
    return i.kind().wireName().replace('_', ' ')
        + (i.name().isEmpty() ? "" : " " + i.name())
        + " "
        + AnalyticsItem.shortType(i.type())
        + (i.niceName().isEmpty() ? "" : " \"" + i.niceName() + "\"");
  }

  /** The id depends on the fact only (type, camera, detail), so the same fact de-duplicates. */
  static Notice notice(
      long ts,
      NoticeType note,
      Severity sev,
      String cam,
      String detail,
      String msg,
      String window) {
    String id =
        Fingerprint.hash(Fingerprint.canonical(List.of(note.wireName(), cam, detail)))
            .substring(7, 7 + 20);
    return note.notice(ts, sev, id, null, msg, window, cam);
  }
}
