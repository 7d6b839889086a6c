package io.vigie.firmware.onvif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected up to a cap, then cancelled: a huge answer costs at most the cap.
 * Shared by the ONVIF client and the native vendor drivers.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int max;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private CappedBody(int max) {
    this.max = max;
  }

  public static HttpResponse.BodyHandler<byte[]> handler(int max) {
    return info -> new CappedBody(max);
  }

  /** Thrown inside the body subscriber when the answer passes the cap. */
  public static final class TooLarge extends IOException {
    TooLarge() {
      super("response too large", null);
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      if (out.size() + b.remaining() > max) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge());
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }
}
