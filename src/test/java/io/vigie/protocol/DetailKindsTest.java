package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry of detail kinds keeps the promise the serialiser relies on. */
class DetailKindsTest {

  /** Every key a record writes, in order. */
  static List<String> keys(ProtocolDetail d) {
    List<String> names = new ArrayList<>();
    d.writeTo(
        new FieldWriter() {
          @Override
          public void string(String name, String value) {
            names.add(name);
          }

          @Override
          public void number(String name, long value) {
            names.add(name);
          }

          @Override
          public void numberOrNull(String name, Long value) {
            names.add(name);
          }

          @Override
          public void decimal(String name, BigDecimal value) {
            names.add(name);
          }

          @Override
          public void bool(String name, boolean value) {
            names.add(name);
          }

          @Override
          public void strings(String name, List<String> values) {
            names.add(name);
          }
        });
    return names;
  }

  static SessionAttrs everythingLearnt() {
    SessionAttrs a = new SessionAttrs();
    a.sshClient = "SSH-2.0-OpenSSH_9.2";
    a.sshServer = "SSH-2.0-dropbear";
    a.sni = "cam.example";
    a.tlsVersion = "1.3";
    a.alpn = "h2";
    a.httpMethod = "PUT";
    a.httpHost = "cam";
    a.httpUri = "/fw.bin";
    a.httpContentType = "application/octet-stream";
    a.httpUserAgent = "curl/8";
    a.ftpUser = "anonymous";
    a.ftpFiles.add("fw.bin");
    a.tftpOp = "write";
    a.tftpFile = "fw.bin";
    a.dnsQuery = "cam.example";
    a.rdpCookie = "admin";
    a.vncVersion = "RFB 003.008";
    a.parent = "1:parent=";
    a.fileSha256 = "ab".repeat(32);
    a.fileSize = 1234;
    a.fileUpload = true;
    a.sipMethod = "REGISTER";
    a.sipUri = "sip:34020000002000000001@3402000000";
    a.sipUserAgent = "IP Camera";
    a.sipStatus = 200;
    a.gbDeviceId = "34020000001320000001";
    a.gbPlatformId = "34020000002000000001";
    a.gbCmds.add("Keepalive");
    a.dahuaMethods.add("global.login");
    a.isupDeviceId = "560796072";
    a.mqttClientId = "cam-07";
    a.mqttTopics.add("acme/cam-07/status");
    a.upnpAction = "AddPortMapping";
    a.upnpExternalPort = 8554;
    a.upnpInternalClient = "10.20.1.9";
    a.upnpInternalPort = 554;
    a.isapiPaths.add("PUT /ISAPI/System/updateFirmware");
    a.hassh = "c4fd9343cba76d12f0dd523fbe7c4da1";
    a.hasshServer = "f430cd6761697a6a658ee1d45ed22e49";
    a.ja4 = "t13d1517h2_8daaf6152771_b1ff8ab2d16f";
    a.ja4s = "t130200_1301_a56c5b993250";
    a.clearLoginProtocol = "telnet";
    a.clearPassword = true;
    a.loginUser = "root";
    return a;
  }

  @Test
  void eachKindWritesTheSameKeysKnownOrNotAndNoKeyTwice() {
    SessionDetails all = SessionDetails.of(everythingLearnt());
    assertEquals(DetailKinds.ALL.size(), all.recognised().size(), "a record of every kind: " + all);
    Set<String> seen = new HashSet<>();
    for (DetailKind<?> k : DetailKinds.ALL) {
      assertTrue(all.has(k), k.type().getSimpleName());
      List<String> present = keys(all.get(k));
      assertFalse(present.isEmpty(), k.type().getSimpleName());
      assertEquals(
          present,
          keys(k.absent()),
          k.type().getSimpleName() + ": absent and present write the same keys");
      for (String key : present) {
        assertTrue(seen.add(key), key + " written by two kinds");
      }
    }
  }

  @Test
  void aFlowThatLearntNothingHasNoDetailAndReadsAsAbsent() {
    SessionDetails none = SessionDetails.of(new SessionAttrs());
    assertTrue(none.recognised().isEmpty(), none.toString());
    assertSame(TlsDetails.KIND.absent(), none.get(TlsDetails.KIND));
    assertNull(none.get(TlsDetails.KIND).sni());
    assertEquals(-1, none.get(FileDetails.KIND).size());
  }

  /**
   * How a new protocol would do it: its recogniser stores its own record; no field in SessionAttrs.
   */
  record ModbusDetails(Integer unit) implements ProtocolDetail {
    static final DetailKind<ModbusDetails> KIND =
        DetailKind.stored(ModbusDetails.class, new ModbusDetails(null));

    @Override
    public void writeTo(FieldWriter w) {
      w.numberOrNull("modbus_unit", unit == null ? null : unit.longValue());
    }
  }

  @Test
  void aRecogniserMayStoreItsOwnRecordOnTheFlow() {
    SessionAttrs a = new SessionAttrs();
    assertNull(ModbusDetails.KIND.fromAttrs().apply(a));
    a.put(new ModbusDetails(3));
    a.put(new ModbusDetails(7));
    a.put(new DnsDetails("cam.example"));
    assertEquals(
        new ModbusDetails(7), ModbusDetails.KIND.fromAttrs().apply(a), "the last one wins");
    assertEquals(new DnsDetails("cam.example"), a.get(DnsDetails.class));
    assertEquals(List.of("modbus_unit"), keys(ModbusDetails.KIND.absent()));
  }
}
