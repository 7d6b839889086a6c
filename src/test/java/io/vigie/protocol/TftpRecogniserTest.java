package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.net.App;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TFTP requests on any port, the announced transfer, and its file hashed block by block. */
class TftpRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"tftp-rrq", "tftp-wrq-port6969"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tftp-rrq", "tftp-wrq-port6969"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  private static byte[] data(int block, byte[] file, int from, int to) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(3);
    b.write(block >> 8);
    b.write(block & 0xFF);
    b.write(file, from, to - from);
    return b.toByteArray();
  }

  private static byte[] ack(int block) {
    return new byte[] {0, 4, (byte) (block >> 8), (byte) block};
  }

  /** Runs a transfer flow as the flow table would after the request's expectation matched. */
  private static TestFlow transfer(
      Feeder f, Expectation e, byte[] file, boolean dataFromOrig, boolean retransmit) {
    TestFlow t = new TestFlow(17, 4, 0, 0x0A000002L, 3445, 0, 0x0A000001L, 40000, "1:transfer");
    t.app(e.app());
    t.attrs().parent = e.parentCommunityId();
    t.attrs().inheritFrom(e.attrs());
    f.start(t);
    if (!dataFromOrig) {
      f.feed(t, true, ack(0));
    }
    int block = 1;
    for (int i = 0; ; i += 512, block++) {
      int to = Math.min(file.length, i + 512);
      byte[] d = data(block, file, i, to);
      f.feed(t, dataFromOrig, d);
      if (retransmit && block == 2) {
        f.feed(t, dataFromOrig, d); // a retransmission must not be hashed twice
      }
      f.feed(t, !dataFromOrig, ack(block));
      if (to - i < 512) {
        break;
      }
    }
    f.end(t);
    return t;
  }

  @Test
  void aReadIsHashedAsADownload() throws Exception {
    Fixture fx = Fixture.load("tftp-rrq");
    Feeder f = new Feeder();
    TestFlow req = fx.newFlow();
    f.run(req, new boolean[] {true}, fx.payloads.get(0));
    byte[] file = new byte[5000];
    new Random(5).nextBytes(file);
    TestFlow t = transfer(f, f.expected.get(0), file, true, true);
    assertEquals(App.TFTP, t.app());
    assertEquals("firmware/cam.bin", t.attrs().tftpFile);
    assertEquals(FtpRecogniserTest.hex(file), t.attrs().fileSha256);
    assertEquals(file.length, t.attrs().fileSize);
    assertFalse(t.attrs().fileUpload);
    assertEquals("1:udp-test", t.attrs().parent);
  }

  @Test
  void aWriteIsHashedAsAnUpload() throws Exception {
    Fixture fx = Fixture.load("tftp-wrq-port6969");
    Feeder f = new Feeder();
    f.run(fx.newFlow(), new boolean[] {true}, fx.payloads.get(0));
    byte[] file = new byte[1024]; // an exact multiple of 512: ends with an empty block
    new Random(6).nextBytes(file);
    TestFlow t = transfer(f, f.expected.get(0), file, false, false);
    assertEquals(FtpRecogniserTest.hex(file), t.attrs().fileSha256);
    assertTrue(t.attrs().fileUpload);
  }

  @Test
  void aMissingBlockMeansNoDigest() {
    Feeder f = new Feeder();
    TestFlow t = TestFlow.udp(3445, 40000);
    t.app(App.TFTP);
    f.start(t);
    byte[] file = new byte[2000];
    f.feed(t, true, data(1, file, 0, 512));
    f.feed(t, true, data(3, file, 1024, 1536));
    f.end(t);
    assertNull(t.attrs().fileSha256);
  }

  @Test
  void aTransferCutBeforeItsLastBlockHasNoDigest() {
    Feeder f = new Feeder();
    TestFlow t = TestFlow.udp(3445, 40000);
    t.app(App.TFTP);
    f.start(t);
    byte[] file = new byte[2000];
    f.feed(t, true, data(1, file, 0, 512));
    f.feed(t, true, data(2, file, 512, 1024));
    f.end(t);
    assertNull(t.attrs().fileSha256);
  }

  @Test
  void aTransferSeenWithoutItsRequestIsTftp() {
    byte[] file = new byte[100];
    TestFlow t = TestFlow.udp(3445, 40000);
    Feeder f = new Feeder();
    f.run(t, new boolean[] {true, false}, data(1, file, 0, 100), ack(1));
    assertEquals(App.TFTP, t.app());
    assertEquals(100, t.attrs().fileSize);
  }

  @Test
  void aRequestWithAnUnknownModeIsNotTftp() {
    byte[] p = Arrays.copyOf(new byte[] {0, 1, 'f', 0, 'b', 'i', 'n', 'a', 'r', 'y', 0}, 11);
    TestFlow t = TestFlow.udp(40000, 69);
    new Feeder().run(t, new boolean[] {true}, p);
    assertEquals(App.UNKNOWN, t.app());
  }
}
