package io.vigie.evidence;

import com.sun.net.httpserver.HttpServer;
import io.vigie.config.TimestampingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real RFC 3161 TSA for tests: OpenSSL's {@code openssl ts -reply} behind a small HTTP front on
 * loopback, with its own test CA and TSA certificate (extendedKeyUsage critical timeStamping), all
 * made by {@code openssl} in a directory of the test.
 *
 * <pre>{@code
 * try (TestTsa tsa = TestTsa.start(dir)) {
 *   cfg.withAnchoring(tsa.config(), anchors) ...
 *   TestTsa.openssl(dir, "ts", "-verify", ...);   // independent check
 * }
 * }</pre>
 */
final class TestTsa implements AutoCloseable {
  final Path dir;
  final Path caPem;
  final Path tsaPem;
  private final HttpServer server;
  private final ExecutorService executor;
  final AtomicInteger requests = new AtomicInteger();

  /** When set, each request waits on it first: a TSA that hangs. */
  final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

  private TestTsa(Path dir, HttpServer server, ExecutorService executor) {
    this.dir = dir;
    this.caPem = dir.resolve("ca.pem");
    this.tsaPem = dir.resolve("tsa.pem");
    this.server = server;
    this.executor = executor;
  }

  /** Whether the openssl program is here; tests skip without it. */
  static boolean available() {
    try {
      return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static TestTsa start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    makeCa(dir, "ca", "vigie test CA");
    openssl(
        dir,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.csr",
        "-subj",
        "/CN=vigie test TSA");
    Files.writeString(
        dir.resolve("tsa.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage=critical,timeStamping\n");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tsa.pem",
        "-days",
        "30",
        "-extfile",
        "tsa.ext");
    Files.writeString(dir.resolve("tsaserial"), "01\n");
    Files.writeString(
        dir.resolve("openssl.cnf"),
        String.join(
            "\n",
            "[ tsa ]",
            "default_tsa = tsa_config1",
            "[ tsa_config1 ]",
            "dir = " + dir.toAbsolutePath(),
            "serial = $dir/tsaserial",
            "crypto_device = builtin",
            "signer_cert = $dir/tsa.pem",
            "signer_key = $dir/tsa.key",
            "signer_digest = sha256",
            "default_policy = 1.2.3.4.1",
            "other_policies = 1.2.3.4.5",
            "digests = sha256, sha384, sha512",
            "accuracy = secs:1",
            "ordering = yes",
            "tsa_name = yes",
            "ess_cert_id_chain = no",
            "ess_cert_id_alg = sha256",
            ""));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigie-test-tsa"));
    TestTsa tsa = new TestTsa(dir, server, ex);
    server.createContext(
        "/",
        h -> {
          try (h) {
            tsa.requests.incrementAndGet();
            CountDownLatch l = tsa.hold.get();
            if (l != null) {
              l.await(30, TimeUnit.SECONDS);
            }
            byte[] query;
            try (InputStream in = h.getRequestBody()) {
              query = in.readNBytes(64 * 1024);
            }
            int n = tsa.requests.get();
            Path q = dir.resolve("q" + n + ".tsq");
            Path r = dir.resolve("r" + n + ".tsr");
            Files.write(q, query);
            openssl(
                dir,
                "ts",
                "-reply",
                "-config",
                "openssl.cnf",
                "-queryfile",
                q.getFileName().toString(),
                "-out",
                r.getFileName().toString());
            byte[] reply = Files.readAllBytes(r);
            h.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            h.sendResponseHeaders(200, reply.length);
            try (OutputStream out = h.getResponseBody()) {
              out.write(reply);
            }
          } catch (IOException | InterruptedException e) {
            h.sendResponseHeaders(500, -1);
          }
        });
    server.setExecutor(ex);
    server.start();
    return tsa;
  }

  /** A self-signed CA: {@code name.pem}, {@code name.key}. */
  static void makeCa(Path dir, String name, String cn) throws IOException, InterruptedException {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "30",
        "-subj",
        "/CN=" + cn,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsr";
  }

  TimestampingConfig config(int retries) {
    return new TimestampingConfig(List.of(url()), caPem.toString(), null, retries, 10);
  }

  /** Runs openssl in {@code dir}; returns its output, or throws with it when it fails. */
  static String openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    CountDownLatch l = hold.getAndSet(null);
    if (l != null) {
      l.countDown();
    }
    server.stop(0);
    executor.shutdown();
    try {
      // A request still being answered writes into the test's directory: let it finish first.
      executor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
