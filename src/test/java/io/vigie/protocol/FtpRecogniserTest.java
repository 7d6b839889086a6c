package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.net.App;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FTP control: user, files, announced data connections; ftp-data hashing and linking. */
class FtpRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"ftp-passive", "ftp-active-port2121"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp-passive", "ftp-active-port2121"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void thePasswordIsNeverKept() {
    Feeder f = Fixture.check("ftp-passive");
    assertFalse(f.expected.toString().contains("s3cret"));
    Fixture fx = Fixture.load("ftp-passive");
    Feeder g = new Feeder();
    TestFlow flow = fx.newFlow();
    g.start(flow);
    for (int i = 0; i < fx.payloads.size(); i++) {
      g.feed(flow, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    g.end(flow);
    assertFalse(
        Fixture.describe(flow, g).contains("s3cret"),
        "only the fact that a password crossed is kept");
  }

  @Test
  void anSmtpGreetingIsNotFtp() {
    TestFlow flow = TestFlow.tcp(50000, 25);
    new Feeder()
        .run(
            flow,
            new boolean[] {false, true},
            "220 mail.example ESMTP Postfix\r\n".getBytes(),
            "EHLO x\r\n".getBytes());
    assertEquals(App.UNKNOWN, flow.app());
  }

  private static TestFlow dataFlow(Feeder f, int clientPort, int serverPort) {
    TestFlow d =
        new TestFlow(
            6, 4, 0, 0x0A000001L, clientPort, 0, 0x0A000002L, serverPort, "1:data-" + serverPort);
    d.app(App.FTP_DATA); // as the flow table does for an expected flow
    d.attrs().parent = "1:tcp-test";
    return d;
  }

  @Test
  void dataConnectionsAreHashedAndTiedToTheirCommand() throws Exception {
    Fixture fx = Fixture.load("ftp-passive");
    Feeder f = new Feeder();
    TestFlow control = fx.newFlow();
    f.start(control);
    // Up to the RETR (PASV announced port 50000), the client connects, then RETR is sent.
    for (int i = 0; i < 7; i++) {
      f.feed(control, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    TestFlow retr = dataFlow(f, 50001, 50000);
    f.start(retr);
    f.feed(control, true, fx.payloads.get(7));
    byte[] config = "<config>camera</config>\n".getBytes();
    f.feed(retr, false, config);
    f.end(retr);
    for (int i = 8; i < fx.payloads.size(); i++) {
      f.feed(control, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    TestFlow stor = dataFlow(f, 50002, 40001);
    f.start(stor);
    byte[] fw = new byte[100_000];
    new java.util.Random(1).nextBytes(fw);
    for (int i = 0; i < fw.length; i += 1000) {
      f.feed(stor, true, java.util.Arrays.copyOfRange(fw, i, i + 1000));
    }
    f.end(stor);
    f.end(control);

    assertEquals(List.of("config.xml"), retr.attrs().ftpFiles);
    assertEquals(hex(config), retr.attrs().fileSha256);
    assertEquals(config.length, retr.attrs().fileSize);
    assertFalse(retr.attrs().fileUpload);
    assertEquals(List.of("firmware.bin"), stor.attrs().ftpFiles);
    assertEquals(hex(fw), stor.attrs().fileSha256);
    assertTrue(stor.attrs().fileUpload);
    assertEquals("vendor", stor.attrs().ftpUser);
  }

  @Test
  void aDirectoryListingIsNotReportedAsAFile() {
    Fixture fx = Fixture.load("ftp-active-port2121");
    Feeder f = new Feeder();
    TestFlow control = fx.newFlow();
    f.start(control);
    for (int i = 0; i < 5; i++) { // up to NLST
      f.feed(control, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    // Active mode: the server connects to the client's port 40000.
    TestFlow list = new TestFlow(6, 4, 0, 0x0A000002L, 20, 0, 0x0A000001L, 40000, "1:list");
    list.app(App.FTP_DATA);
    list.attrs().parent = "1:tcp-test";
    f.start(list);
    f.feed(list, true, "a.txt\r\nb.txt\r\n".getBytes());
    f.end(list);
    assertNull(list.attrs().fileSha256);
  }

  static String hex(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
