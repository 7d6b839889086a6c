package io.vigie.protocol;

/**
 * HTTP: the first request of the session.
 *
 * <p>Never a credential: the user-info part of the request target ({@code http://user:secret@cam/},
 * RFC 3986 section 3.2.1, deprecated by RFC 9110 section 4.2.4 but still sent) and of the Host
 * header is removed here, where the record is built, so that no output (replay JSON, evidence, API,
 * logs) can carry it.
 *
 * @param method request method
 * @param host Host header, without user-info
 * @param uri request target as sent, without user-info
 * @param contentType the request's Content-Type, or null
 * @param userAgent the request's User-Agent, or null
 */
public record HttpDetails(
    String method, String host, String uri, String contentType, String userAgent)
    implements ProtocolDetail {
  public static final DetailKind<HttpDetails> KIND =
      new DetailKind<>(
          HttpDetails.class, new HttpDetails(null, null, null, null, null), HttpDetails::from);

  public HttpDetails {
    uri = withoutUserInfo(uri);
    host = host == null ? null : host.substring(host.lastIndexOf('@') + 1);
  }

  static HttpDetails from(SessionAttrs a) {
    return a.httpMethod == null
            && a.httpHost == null
            && a.httpUri == null
            && a.httpContentType == null
            && a.httpUserAgent == null
        ? null
        : new HttpDetails(a.httpMethod, a.httpHost, a.httpUri, a.httpContentType, a.httpUserAgent);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("http_method", method);
    w.string("http_host", host);
    w.string("http_uri", uri);
    w.string("http_content_type", contentType);
    w.string("http_user_agent", userAgent);
  }

  /**
   * Removes the user-info from a request target in any of its forms: absolute ({@code
   * http://u:p@h/x}), network-path ({@code //u:p@h/x}) and authority ({@code u:p@h:443}, as CONNECT
   * sends it). An origin-form target ({@code /x?mail=a@b}) has no authority and is kept.
   */
  static String withoutUserInfo(String target) {
    if (target == null || target.isEmpty() || target.charAt(0) == '*') {
      return target;
    }
    int authStart;
    int scheme = target.indexOf("://");
    if (scheme > 0 && isScheme(target, scheme)) {
      authStart = scheme + 3;
    } else if (target.startsWith("//")) {
      authStart = 2;
    } else if (target.charAt(0) != '/') {
      // Authority form, or something no client should send: anything before its first '@' that
      // could be user-info goes too.
      authStart = 0;
    } else {
      return target;
    }
    int authEnd = target.length();
    for (int i = authStart; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authEnd = i;
        break;
      }
    }
    int at = target.lastIndexOf('@', authEnd - 1);
    return at < authStart ? target : target.substring(0, authStart) + target.substring(at + 1);
  }

  /** RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  private static boolean isScheme(String s, int end) {
    if (!Character.isLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = s.charAt(i);
      if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }
}
