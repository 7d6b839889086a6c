package io.vigie.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vigie.firmware.onvif.CameraWatchLoop;
import io.vigie.metrics.EvidenceState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} on the metrics port: 200 when every capture runs (or a replayed file was
 * read to its end) and the evidence chain is intact, 503 otherwise (a capture file that ended at a
 * damaged or truncated record is {@code "damaged"}, naming the byte offset), with the details as
 * JSON:
 *
 * <pre>
 * {"status":"ok","capture":[{"name":"eth1","state":"running","packets":1234,"dropped":0}],
 *  "evidence":{"chain_ok":true,"records":56,"write_failures":0},
 *  "cameras":{"rounds":3,"failures":0},"config":{"reloads":1,"refused":0}}
 * </pre>
 *
 * Reads only volatile snapshots; runs on the metrics thread.
 */
public final class HealthEndpoint implements HttpHandler {
  private final Supplier<List<CaptureLoop>> captures;
  private final EvidenceGauge evidence;
  private final Supplier<CameraWatchLoop> cameras;
  private final ReloadCounts reloads;

  /** Reloads applied and refused, for the health check. */
  public interface ReloadCounts {
    long applied();

    long refused();
  }

  public HealthEndpoint(
      Supplier<List<CaptureLoop>> captures,
      EvidenceGauge evidence,
      Supplier<CameraWatchLoop> cameras,
      ReloadCounts reloads) {
    this.captures = captures;
    this.evidence = evidence;
    this.cameras = cameras;
    this.reloads = reloads;
  }

  /** The JSON body and whether all is well. */
  public record Report(boolean ok, String json) {}

  public Report report() {
    boolean ok = true;
    StringBuilder cap = new StringBuilder("[");
    for (CaptureLoop c : captures.get()) {
      CaptureLoop.State s = c.state();
      ok &=
          s == CaptureLoop.State.RUNNING
              || s == CaptureLoop.State.DONE
              || s == CaptureLoop.State.STARTING;
      if (cap.length() > 1) {
        cap.append(',');
      }
      var st = c.stats().capture();
      cap.append("{\"name\":")
          .append(json(c.name()))
          .append(",\"state\":\"")
          .append(s.name().toLowerCase())
          .append('"')
          .append(",\"packets\":")
          .append(c.packets())
          .append(",\"dropped\":")
          .append(st.droppedByKernel() + st.droppedByInterface());
      if (c.failure() != null) {
        cap.append(",\"error\":").append(json(c.failure()));
      }
      if (c.damage() != null) {
        // A capture file cut short: what came before it was judged, what followed is unknown.
        ok = false;
        cap.append(",\"damaged\":").append(json(c.damage()));
      }
      cap.append('}');
    }
    cap.append(']');
    EvidenceState e = evidence.state();
    ok &= e.chainOk();
    CameraWatchLoop loop = cameras.get();
    String cams =
        loop == null
            ? "null"
            : "{\"rounds\":" + loop.rounds() + ",\"failures\":" + loop.failures() + "}";
    String body =
        "{\"status\":\""
            + (ok ? "ok" : "degraded")
            + "\",\"capture\":"
            + cap
            + ",\"evidence\":{\"chain_ok\":"
            + e.chainOk()
            + ",\"records\":"
            + e.records()
            + ",\"write_failures\":"
            + evidence.writeFailures()
            + ",\"dropped\":"
            + evidence.dropped()
            + "}"
            + ",\"cameras\":"
            + cams
            + ",\"config\":{\"reloads\":"
            + reloads.applied()
            + ",\"refused\":"
            + reloads.refused()
            + "}}\n";
    return new Report(ok, body);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/healthz")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Report r = report();
      byte[] body = r.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(r.ok() ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }
}
