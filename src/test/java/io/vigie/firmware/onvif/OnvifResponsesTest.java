package io.vigie.firmware.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.Fingerprint;
import io.vigie.firmware.Fixtures;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class OnvifResponsesTest {
  private static final String AV = "{http://analytics.acme-vision.example/2026}";

  public static XmlNode body(String file) throws PollException {
    return SoapParser.body(Fixtures.resource("acme/" + file));
  }

  /** The Acme answers as one camera state. */
  public static CameraState acmeState() throws PollException {
    List<AnalyticsItem> items =
        new ArrayList<>(OnvifResponses.analyticsModules(body("GetAnalyticsModules.xml"), "VA1"));
    items.addAll(OnvifResponses.supportedRules(body("GetSupportedRules.xml")));
    return new CameraState(
        OnvifResponses.deviceInformation(body("GetDeviceInformation.xml")),
        items,
        Map.of(),
        OnvifResponses.users(body("GetUsers.xml")),
        OnvifResponses.remoteUser(body("GetRemoteUser.xml")),
        OnvifResponses.dpAddresses(body("GetDPAddresses.xml")),
        OnvifResponses.discoveryMode(
            body("GetRemoteDiscoveryMode.xml"), "GetRemoteDiscoveryModeResponse"));
  }

  @Test
  void readsIdentityFromAnUnprefixedEnvelopeWithCrlf() throws Exception {
    DeviceIdentity d = OnvifResponses.deviceInformation(body("GetDeviceInformation.xml"));
    assertEquals(
        new DeviceIdentity("Acme Vision", "AV-900", "2.4.1 build 20260901", "AV900-0001", "rev-b"),
        d);
  }

  @Test
  void resolvesTypePrefixesDeclaredOnTheElementAndKeepsParameters() throws Exception {
    List<AnalyticsItem> m = OnvifResponses.analyticsModules(body("GetAnalyticsModules.xml"), "VA1");
    assertEquals(2, m.size());
    assertEquals("{http://www.onvif.org/ver10/schema}CellMotionEngine", m.get(0).type());
    AnalyticsItem face = m.get(1);
    assertEquals(AV + "FaceMatchEngine", face.type());
    assertEquals("Watchlist", face.name());
    assertEquals("0.82", face.params().get("Threshold"));
    // Attribute order on the camera must not matter: canonical text sorts attributes.
    assertEquals(
        "<Polygon><Point x=\"0\" y=\"0\"></Point><Point x=\"1\" y=\"1\"></Point></Polygon>",
        face.params().get("Region"));
  }

  @Test
  void usersNeverKeepPasswords() throws Exception {
    List<String> users = OnvifResponses.users(body("GetUsers.xml"));
    assertEquals(List.of("vigie-audit:User", "admin:Administrator"), users);
    assertFalse(users.toString().contains("hunter2"));
    assertEquals("acme-support;derived=true", OnvifResponses.remoteUser(body("GetRemoteUser.xml")));
    assertEquals(
        List.of("IPv4:203.0.113.9"), OnvifResponses.dpAddresses(body("GetDPAddresses.xml")));
  }

  @Test
  void faultIsTypedWithNestedSubcodes() {
    PollException e = assertThrows(PollException.class, () -> body("Fault.xml"));
    assertEquals(PollErrorType.FAULT, e.type());
    assertEquals(List.of("ActionNotSupported", "NoSuchService"), e.fault().subcodes());
    assertEquals("Receiver", e.fault().code());
    assertTrue(e.fault().notSupported());
  }

  @Test
  void refusesEntitiesAndTrailingContent() {
    assertEquals(
        PollErrorType.MALFORMED,
        assertThrows(PollException.class, () -> body("Entity.xml")).type());
    byte[] twice =
        (new String(Fixtures.resource("acme/GetDPAddresses.xml"), StandardCharsets.UTF_8)
                + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"/>")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        PollErrorType.MALFORMED,
        assertThrows(PollException.class, () -> SoapParser.body(twice)).type());
    byte[] garbage = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
    assertEquals(
        PollErrorType.MALFORMED,
        assertThrows(PollException.class, () -> SoapParser.body(garbage)).type());
    assertEquals(
        PollErrorType.MALFORMED,
        assertThrows(
                PollException.class,
                () ->
                    SoapParser.body(
                        "<a:Envelope xmlns:a=\"urn:x\"/>".getBytes(StandardCharsets.UTF_8)))
            .type());
  }

  @Test
  void fingerprintMatchesTheGoldenFileAndIgnoresOrder() throws Exception {
    CameraState s = acmeState();
    Fingerprint f = Fingerprint.of(s);
    String golden =
        new String(Fixtures.resource("acme/fingerprint.golden"), StandardCharsets.UTF_8).strip();
    assertEquals(
        golden,
        "full "
            + f.full()
            + "\n"
            + f.parts().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow());

    List<AnalyticsItem> shuffled = new ArrayList<>(s.analytics());
    Collections.reverse(shuffled);
    List<String> users = new ArrayList<>(s.users());
    Collections.reverse(users);
    CameraState same =
        new CameraState(
            s.identity(),
            shuffled,
            s.analyticsCapabilities(),
            users,
            s.remoteUser(),
            s.dpAddresses(),
            s.discoveryMode());
    assertEquals(f, Fingerprint.of(same));

    CameraState otherThreshold =
        new CameraState(
            s.identity(),
            List.of(
                new AnalyticsItem(
                    AnalyticsItem.Kind.MODULE,
                    "VA1",
                    "Watchlist",
                    AV + "FaceMatchEngine",
                    Map.of("Threshold", "0.5"))),
            Map.of(),
            s.users(),
            s.remoteUser(),
            s.dpAddresses(),
            s.discoveryMode());
    Fingerprint g = Fingerprint.of(otherThreshold);
    assertFalse(g.analytics().equals(f.analytics()));
    assertEquals(f.identity(), g.identity());
    assertEquals(f.accounts(), g.accounts());
  }
}
