package io.vigie.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * RFC 3161 time-stamp authorities that stamp every evidence checkpoint.
 *
 * <pre>
 * evidence:
 *   timestamping:
 *     urls: [http://tsa.example.org/tsr]   # each checkpoint is sent to every one
 *     ca_file: /etc/vigie/tsa-ca.pem       # a token counts only if its TSA chains to these
 *     policy_oid: 1.2.3.4.1                # optional: ask for this TSA policy
 *     retries: 3                           # further attempts per TSA and checkpoint
 *     timeout_seconds: 10                  # per request
 * </pre>
 *
 * @param urls http(s) addresses of the TSAs; at least one
 * @param caFile PEM file of the CA certificates the TSAs' certificates must chain to
 * @param policyOid the TSA policy to request, or null for the TSA's default
 * @param retries further attempts after a failed one (default 3)
 * @param timeoutSeconds connect and read timeout of one request (default 10)
 */
public record TimestampingConfig(
    List<String> urls, String caFile, String policyOid, Integer retries, Integer timeoutSeconds) {
  public TimestampingConfig {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException("timestamping.urls must name at least one TSA");
    }
    for (String u : urls) {
      try {
        URI uri = new URI(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "timestamping.urls: '" + u + "' is not an http(s) URL");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "timestamping.urls: '" + u + "' is not a URL: " + e.getReason());
      }
    }
    urls = List.copyOf(urls);
    if (caFile == null || caFile.isBlank()) {
      throw new IllegalArgumentException(
          "timestamping.ca_file is required: tokens are only worth "
              + "keeping from a TSA whose certificate chains to a CA you chose");
    }
    if (policyOid != null && !policyOid.matches("[0-2](\\.[0-9]+)+")) {
      throw new IllegalArgumentException(
          "timestamping.policy_oid: '" + policyOid + "' is not an OID");
    }
    if (retries == null) {
      retries = 3;
    } else if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException(
          "timestamping.retries must be between 0 and 100, was " + retries);
    }
    if (timeoutSeconds == null) {
      timeoutSeconds = 10;
    } else if (timeoutSeconds <= 0 || timeoutSeconds > 600) {
      throw new IllegalArgumentException(
          "timestamping.timeout_seconds must be between 1 and 600, was " + timeoutSeconds);
    }
  }
}
