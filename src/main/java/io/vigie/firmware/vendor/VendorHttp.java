package io.vigie.firmware.vendor;

import io.vigie.firmware.Credentials;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.onvif.CappedBody;
import io.vigie.firmware.onvif.DigestChallenge;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP for the native vendor APIs: GET or POST one path under the camera's base URL, HTTP Digest
 * when the camera asks for it (all three vendors do), a per-request timeout and a size cap, and a
 * deadline for the whole poll so that a camera answering slowly but just in time cannot hold a
 * poller thread for long.
 *
 * <pre>{@code
 * VendorHttp.Session s = http.session(URI.create("http://10.20.1.2"), credentials);
 * byte[] info = http.get(s, "/ISAPI/System/deviceInfo");          // required: any failure throws
 * byte[] apps = http.getOptional(s, "/ISAPI/Custom/OpenPlatform/App"); // null when not offered
 * }</pre>
 */
public final class VendorHttp {
  /** A whole native poll may take this many request timeouts, no more. */
  public static final int POLL_BUDGET_REQUESTS = 3;

  private final HttpClient http;
  private final Duration timeout;
  private final int maxBytes;
  private final SecureRandom random = new SecureRandom();

  public VendorHttp(HttpClient http, Duration timeout, int maxBytes) {
    this.http = http;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** One poll of one camera: its base URL, account, deadline and Digest state. */
  public static final class Session {
    final URI base;
    final Credentials credentials;
    final long deadline;
    DigestChallenge digest;
    int nc;

    Session(URI base, Credentials credentials, long deadline) {
      this.base = base;
      this.credentials = credentials;
      this.deadline = deadline;
    }
  }

  public Session session(URI base, Credentials credentials) {
    return new Session(
        base, credentials, System.nanoTime() + timeout.toNanos() * POLL_BUDGET_REQUESTS);
  }

  public byte[] get(Session s, String path) throws PollException {
    return exchange(s, "GET", path, null, null, false);
  }

  /** The body, or null when the camera does not offer the path (404, 403, 405, 501). */
  public byte[] getOptional(Session s, String path) throws PollException {
    return exchange(s, "GET", path, null, null, true);
  }

  /** A JSON POST (VAPIX's JSON APIs); null when the camera does not offer it. */
  public byte[] postJsonOptional(Session s, String path, String json) throws PollException {
    return exchange(s, "POST", path, "application/json", json, true);
  }

  private byte[] exchange(
      Session s, String method, String path, String type, String body, boolean optional)
      throws PollException {
    HttpResponse<byte[]> r = send(s, method, path, type, body);
    if (r.statusCode() == 401 && s.credentials.present()) {
      s.digest =
          DigestChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null))
              .orElseThrow(
                  () ->
                      new PollException(
                          PollErrorType.AUTH, path + ": HTTP 401 without a Digest challenge"));
      s.nc = 0;
      r = send(s, method, path, type, body);
    }
    int status = r.statusCode();
    if (status == 401) {
      throw new PollException(PollErrorType.AUTH, path + ": HTTP 401, credentials refused");
    }
    if (optional && (status == 404 || status == 403 || status == 405 || status == 501)) {
      return null;
    }
    if (status != 200) {
      throw new PollException(PollErrorType.HTTP_STATUS, path + ": HTTP " + status);
    }
    return r.body();
  }

  private HttpResponse<byte[]> send(Session s, String method, String path, String type, String body)
      throws PollException {
    long left = s.deadline - System.nanoTime();
    if (left <= 0) {
      throw new PollException(
          PollErrorType.TIMEOUT,
          path + ": the poll used its " + POLL_BUDGET_REQUESTS + " request timeouts");
    }
    long wait = Math.min(left, timeout.toNanos());
    URI url = URI.create(s.base.toString() + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofNanos(wait));
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    if (s.digest != null) {
      byte[] cn = new byte[8];
      random.nextBytes(cn);
      String uri = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
      b.header(
          "Authorization",
          s.digest.authorization(s.credentials, method, uri, ++s.nc, HexFormat.of().formatHex(cn)));
    }
    CompletableFuture<HttpResponse<byte[]>> f =
        http.sendAsync(b.build(), CappedBody.handler(maxBytes));
    try {
      return f.get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new PollException(
          PollErrorType.TIMEOUT, path + ": no complete answer within " + wait / 1_000_000 + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new PollException(PollErrorType.TIMEOUT, path + ": interrupted");
    } catch (ExecutionException e) {
      throw classify(path, e.getCause());
    }
  }

  private PollException classify(String path, Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CappedBody.TooLarge) {
        return new PollException(
            PollErrorType.TOO_LARGE, path + ": answer longer than " + maxBytes + " bytes");
      }
      if (c instanceof HttpTimeoutException) {
        return new PollException(PollErrorType.TIMEOUT, path + ": " + c.getMessage());
      }
      if (c instanceof ConnectException) {
        return new PollException(PollErrorType.CONNECT, path + ": connection refused");
      }
    }
    // A body cut short (the camera closed mid-answer) ends here too: the exchange failed.
    String what = failure == null ? "?" : failure.getClass().getSimpleName();
    return new PollException(PollErrorType.CONNECT, path + ": " + what);
  }
}
