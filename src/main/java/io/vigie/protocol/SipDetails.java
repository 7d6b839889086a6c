package io.vigie.protocol;

/**
 * SIP (RFC 3261): the session's first request and its last final answer.
 *
 * @param method the first request's method ({@code REGISTER}, {@code INVITE}...)
 * @param uri its request URI, without a password
 * @param userAgent its User-Agent
 * @param status the last final status code seen (200 and up), or null
 */
public record SipDetails(String method, String uri, String userAgent, Integer status)
    implements ProtocolDetail {
  public static final DetailKind<SipDetails> KIND =
      new DetailKind<>(SipDetails.class, new SipDetails(null, null, null, null), SipDetails::from);

  static SipDetails from(SessionAttrs a) {
    return a.sipMethod == null && a.sipStatus < 0
        ? null
        : new SipDetails(
            a.sipMethod, a.sipUri, a.sipUserAgent, a.sipStatus < 0 ? null : a.sipStatus);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("sip_method", method);
    w.string("sip_uri", uri);
    w.string("sip_user_agent", userAgent);
    w.numberOrNull("sip_status", status == null ? null : status.longValue());
  }
}
