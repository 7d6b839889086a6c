package io.vigie.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * An RFC 3161 TSA over HTTP (RFC 3161 section 3.4: POST of {@code application/timestamp-query},
 * answer {@code application/timestamp-reply}); BouncyCastle builds the request and reads the reply.
 *
 * <pre>{@code
 * TimestampAuthority tsa = new Rfc3161Tsa(URI.create("http://127.0.0.1:8318/"), cas, null, Duration.ofSeconds(10));
 * byte[] token = tsa.stamp(statement.bytes());   // blocking: never on the evidence writer thread
 * }</pre>
 */
final class Rfc3161Tsa implements TimestampAuthority {
  /** A reply bigger than this is refused before it is read whole: the TSA is a peer too. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private final URI url;
  private final List<X509Certificate> trusted;
  private final ASN1ObjectIdentifier policy;
  private final int timeoutMillis;
  private final SecureRandom random = new SecureRandom();

  Rfc3161Tsa(URI url, List<X509Certificate> trusted, String policyOid, Duration timeout) {
    this.url = url;
    this.trusted = List.copyOf(trusted);
    this.policy = policyOid == null ? null : new ASN1ObjectIdentifier(policyOid);
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  @Override
  public String name() {
    return url.toString();
  }

  @Override
  public byte[] stamp(byte[] data) throws IOException {
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true); // the token must carry the TSA certificate: reviewers check offline
    if (policy != null) {
      gen.setReqPolicy(policy);
    }
    // The nonce ties the reply to this request (RFC 3161 section 2.4.1): no replayed old token.
    TimeStampRequest req =
        gen.generate(
            TSPAlgorithms.SHA256, TimestampTokens.sha256(data), new BigInteger(64, random));
    byte[] reply = post(req.getEncoded());
    TimeStampResponse resp;
    try {
      resp = new TimeStampResponse(reply);
      resp.validate(req);
    } catch (TSPException | IOException | RuntimeException e) {
      throw new IOException(url + ": bad time-stamp reply: " + e.getMessage(), e);
    }
    if (resp.getTimeStampToken() == null) {
      throw new IOException(
          url
              + ": time-stamp refused (status "
              + resp.getStatus()
              + ": "
              + resp.getStatusString()
              + ")");
    }
    byte[] token = resp.getTimeStampToken().getEncoded();
    TimestampTokens.Checked c = TimestampTokens.check(token, data, trusted);
    if (c.problem() != null) {
      throw new IOException(url + ": token " + c.problem());
    }
    return token;
  }

  private byte[] post(byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    try {
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
      c.setInstanceFollowRedirects(false);
      c.setDoOutput(true);
      c.setRequestMethod("POST");
      c.setRequestProperty("Content-Type", "application/timestamp-query");
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IOException(url + ": HTTP " + status);
      }
      long declared = c.getContentLengthLong();
      if (declared > MAX_REPLY_BYTES) {
        throw new IOException(url + ": reply of " + declared + " bytes is over " + MAX_REPLY_BYTES);
      }
      try (InputStream in = c.getInputStream()) {
        byte[] reply = in.readNBytes(MAX_REPLY_BYTES + 1);
        if (reply.length > MAX_REPLY_BYTES) {
          throw new IOException(url + ": reply is over " + MAX_REPLY_BYTES + " bytes");
        }
        return reply;
      }
    } finally {
      c.disconnect();
    }
  }
}
