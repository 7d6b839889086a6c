package io.vigie.firmware.onvif;

import io.vigie.firmware.Credentials;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SOAP 1.2 over {@code java.net.http}: one call is one request with a whole-exchange deadline and a
 * size cap, answered by the Body element or a typed {@link PollException}.
 *
 * <pre>{@code
 * OnvifClient client = new OnvifClient(httpClient, Duration.ofSeconds(5), 1 << 20, clock);
 * OnvifClient.Session s = client.session(deviceUrl, credentials);
 * XmlNode info = client.call(s, SoapRequest.device("GetDeviceInformation"), true);
 * }</pre>
 *
 * <p>HTTP Digest is answered when a camera asks for it (401 with a Digest challenge); the challenge
 * is kept in the session and reused with an increasing nonce count.
 */
public final class OnvifClient {
  private final HttpClient http;
  private final Duration timeout;
  private final int maxBytes;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public OnvifClient(HttpClient http, Duration timeout, int maxBytes, Clock clock) {
    this.http = http;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** Per-camera exchange state; used by one thread at a time. */
  public static final class Session {
    final URI deviceUrl;
    final Credentials credentials;
    Duration clockOffset = Duration.ZERO;
    DigestChallenge digest;
    int nc;

    Session(URI deviceUrl, Credentials credentials) {
      this.deviceUrl = deviceUrl;
      this.credentials = credentials;
    }
  }

  public Session session(URI deviceUrl, Credentials credentials) {
    return new Session(deviceUrl, credentials);
  }

  /** Sends {@code req} to {@code url}; {@code wsse} adds a UsernameToken when credentials exist. */
  XmlNode call(Session s, URI url, SoapRequest req, boolean wsse) throws PollException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<byte[]> resp = send(s, url, req, wsse, deadline);
    if (resp.statusCode() == 401 && s.credentials.present()) {
      DigestChallenge ch =
          DigestChallenge.parse(resp.headers().firstValue("WWW-Authenticate").orElse(null))
              .orElseThrow(
                  () ->
                      new PollException(
                          PollErrorType.AUTH,
                          req.operation() + ": HTTP 401 without a Digest challenge"));
      s.digest = ch;
      s.nc = 0;
      resp = send(s, url, req, wsse, deadline);
    }
    int status = resp.statusCode();
    if (status == 401) {
      throw new PollException(
          PollErrorType.AUTH, req.operation() + ": HTTP 401, credentials refused");
    }
    if (status != 200) {
      // Cameras answer faults with 400 or 500 (Hikvision NotAuthorized is a 400); the fault is the
      // better error.
      try {
        SoapParser.body(resp.body());
      } catch (PollException e) {
        if (e.type() == PollErrorType.FAULT) {
          throw new PollException(
              e.fault().notAuthorized() ? PollErrorType.AUTH : PollErrorType.FAULT,
              req.operation() + ": " + e.getMessage(),
              e.fault());
        }
      }
      throw new PollException(PollErrorType.HTTP_STATUS, req.operation() + ": HTTP " + status);
    }
    try {
      return SoapParser.body(resp.body());
    } catch (PollException e) {
      PollErrorType t =
          e.fault() != null && e.fault().notAuthorized() ? PollErrorType.AUTH : e.type();
      throw new PollException(t, req.operation() + ": " + e.getMessage(), e.fault());
    }
  }

  private HttpResponse<byte[]> send(
      Session s, URI url, SoapRequest req, boolean wsse, long deadline) throws PollException {
    String header = null;
    if (wsse && s.credentials.present()) {
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      header = WsSecurity.header(s.credentials, nonce, clock.instant().plus(s.clockOffset));
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new PollException(PollErrorType.TIMEOUT, req.operation() + ": no time left");
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofNanos(left))
            .header(
                "Content-Type",
                "application/soap+xml; charset=utf-8; action=\"" + req.action() + "\"")
            .POST(
                HttpRequest.BodyPublishers.ofString(req.envelope(header), StandardCharsets.UTF_8));
    if (s.digest != null) {
      String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      if (url.getRawQuery() != null) {
        path += "?" + url.getRawQuery();
      }
      byte[] cn = new byte[8];
      random.nextBytes(cn);
      b.header(
          "Authorization",
          s.digest.authorization(
              s.credentials, "POST", path, ++s.nc, HexFormat.of().formatHex(cn)));
    }
    CompletableFuture<HttpResponse<byte[]>> f =
        http.sendAsync(b.build(), CappedBody.handler(maxBytes));
    try {
      return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new PollException(
          PollErrorType.TIMEOUT,
          req.operation() + ": no complete answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new PollException(PollErrorType.TIMEOUT, req.operation() + ": interrupted");
    } catch (ExecutionException e) {
      throw classify(req.operation(), e.getCause());
    }
  }

  /** Maps the first telling cause of a failed exchange to its error type. */
  private PollException classify(String op, Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CappedBody.TooLarge) {
        return new PollException(
            PollErrorType.TOO_LARGE, op + ": answer longer than " + maxBytes + " bytes");
      }
      if (c instanceof HttpTimeoutException) {
        return new PollException(PollErrorType.TIMEOUT, op + ": " + c.getMessage());
      }
      if (c instanceof ConnectException) {
        return new PollException(PollErrorType.CONNECT, op + ": connection refused");
      }
    }
    String what =
        failure == null
            ? "?"
            : failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : " " + failure.getMessage());
    return new PollException(PollErrorType.CONNECT, op + ": " + what);
  }
}
