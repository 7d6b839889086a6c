package io.vigie.firmware;

import java.util.Locale;

/**
 * Namespaces of the types the native drivers report, so that the privacy classifier, the site's
 * {@code privacy_classes} rules and the fingerprint treat an app or a vendor rule like an ONVIF
 * module: {@code {urn:vigie:isapi:app}FaceCapture} is shown as {@code isapi-app:FaceCapture}.
 */
public final class VendorTypes {
  /** Common prefix of the namespaces below. */
  public static final String PREFIX = "urn:vigie:";

  /** Hikvision open-platform apps ({@code /ISAPI/Custom/OpenPlatform/App}). */
  public static final String ISAPI_APP = PREFIX + "isapi:app";

  /** Hikvision smart capabilities and the VCA algorithm a channel runs. */
  public static final String ISAPI_SMART = PREFIX + "isapi:smart";

  /** Axis ACAP applications ({@code /axis-cgi/applications/list.cgi}). */
  public static final String VAPIX_APP = PREFIX + "vapix:acap";

  /** Profiles and scenarios configured inside an ACAP application. */
  public static final String VAPIX_RULE = PREFIX + "vapix:rule";

  /** Dahua video analysis rule types ({@code VideoAnalyseRule}). */
  public static final String DAHUA_RULE = PREFIX + "dahua:rule";

  /** Parameter holding the vendor's display name of an app. */
  public static final String NICE_NAME = "nice_name";

  private VendorTypes() {}

  /** {@code {ns}Local}, the local name reduced to letters, digits, '_', '-' and '.'. */
  public static String clark(String ns, String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.strip().toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
        sb.append(c);
      } else if (c == ' ' && sb.length() > 0) {
        sb.append('_');
      }
    }
    return "{" + ns + "}" + (sb.length() == 0 ? "unnamed" : sb.toString());
  }

  /** {@code on} or {@code off} from the many ways cameras say yes. */
  public static String onOff(String v) {
    String s = v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
    return s.equals("true")
            || s.equals("yes")
            || s.equals("1")
            || s.equals("on")
            || s.equals("enable")
        ? "on"
        : "off";
  }
}
