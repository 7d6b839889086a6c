package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.net.App;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP requests, uploads hashed as streams (raw, chunked, multipart), downloads. */
class HttpRecogniserTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http-get-credentials",
        "http-post-firmware",
        "http-put-chunked-port22",
        "http-multipart",
        "http-pipelined",
        "http-download",
        "http-to-ssh-server",
        "http-onvif-soap-post"
      })
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http-get-credentials", "http-post-firmware", "http-multipart"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void neverKeepsAuthorizationOrCookieValues() {
    Fixture fx = Fixture.load("http-get-credentials");
    Feeder f = new Feeder();
    TestFlow flow = fx.newFlow();
    f.run(flow, new boolean[] {true, false}, fx.payloads.get(0), fx.payloads.get(1));
    String all = Fixture.describe(flow, f);
    assertFalse(all.contains("YWRtaW46c2VjcmV0"), all);
    assertFalse(all.contains("abcdef"), all);
    assertFalse(all.contains("secret"), all);
  }

  /** The reference digest, from the coreutils program rather than from Java. */
  private static String sha256sum(Path file) throws Exception {
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out.substring(0, 64);
  }

  @Test
  void aLargeUploadIsHashedAsAStreamAndEqualsSha256sum(@TempDir Path tmp) throws Exception {
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(body);
    Path file = tmp.resolve("fw.bin");
    Files.write(file, body);

    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(
        ("POST /onvif/upload HTTP/1.1\r\nHost: cam\r\nContent-Type: application/"
                + "octet-stream\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes());
    req.writeBytes(body);
    byte[] stream = req.toByteArray();
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(50000, 80);
    f.start(flow);
    for (int i = 0; i < stream.length; i += 1448) {
      f.feed(flow, true, Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 1448)));
    }
    f.end(flow);
    assertEquals(sha256sum(file), flow.attrs().fileSha256);
    assertEquals(body.length, flow.attrs().fileSize);
    assertTrue(flow.attrs().fileUpload);
  }

  @Test
  void aChunkedUploadHashesTheDecodedBody(@TempDir Path tmp) throws Exception {
    byte[] body = new byte[200_000];
    new Random(7).nextBytes(body);
    Path file = tmp.resolve("app.bin");
    Files.write(file, body);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(
        "PUT /app HTTP/1.1\r\nHost: cam\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
    Random sizes = new Random(3);
    for (int i = 0; i < body.length; ) {
      int n = Math.min(body.length - i, 1 + sizes.nextInt(5000));
      req.writeBytes((Integer.toHexString(n) + "\r\n").getBytes());
      req.write(body, i, n);
      req.writeBytes("\r\n".getBytes());
      i += n;
    }
    req.writeBytes("0\r\n\r\n".getBytes());
    byte[] stream = req.toByteArray();
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(50000, 80);
    f.start(flow);
    for (int i = 0; i < stream.length; i += 999) {
      f.feed(flow, true, Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 999)));
    }
    f.end(flow);
    assertEquals(sha256sum(file), flow.attrs().fileSha256);
  }

  @Test
  void lostBytesMeanNoDigest() {
    Fixture fx = Fixture.load("http-post-firmware");
    Feeder f = new Feeder();
    TestFlow flow = fx.newFlow();
    f.start(flow);
    f.feed(flow, true, fx.payloads.get(0));
    f.engine.onGap(flow, true, 5);
    f.feed(flow, true, fx.payloads.get(1));
    f.end(flow);
    assertNull(flow.attrs().fileSha256);
  }

  @Test
  void aReplyToHeadHasNoBodySoTheNextDownloadIsStillFound() throws Exception {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(50000, 80);
    f.start(flow);
    f.feed(
        flow,
        true,
        ("HEAD /fw.bin HTTP/1.1\r\nHost: u\r\n\r\n" + "GET /fw.bin HTTP/1.1\r\nHost: u\r\n\r\n")
            .getBytes());
    f.feed(
        flow,
        false,
        ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 11\r\n\r\n")
            .getBytes());
    f.feed(
        flow,
        false,
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 11\r\n\r\nHELLO-WORLD")
            .getBytes());
    f.end(flow);
    assertEquals("HEAD", flow.attrs().httpMethod);
    assertEquals(FtpRecogniserTest.hex("HELLO-WORLD".getBytes()), flow.attrs().fileSha256);
    assertFalse(flow.attrs().fileUpload);
  }

  @Test
  void aNonHttpRequestLineIsNotHttp() {
    TestFlow flow = TestFlow.tcp(50000, 80);
    new Feeder().run(flow, new boolean[] {true}, "GET / SIP/2.0\r\n\r\n".getBytes());
    assertEquals(App.UNKNOWN, flow.app());
  }
}
