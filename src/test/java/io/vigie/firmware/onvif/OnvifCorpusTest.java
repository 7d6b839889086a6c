package io.vigie.firmware.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.Fixtures;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.PrivacyClass;
import io.vigie.firmware.PrivacyClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every answer of the shared corpus (real cameras of several vendors) is read by the parser it is
 * meant for, or refused with a typed error, never an exception storm.
 */
class OnvifCorpusTest {
  private static final Set<String> NOT_WELL_FORMED =
      Set.of(
          "hikvision-analytics-basic/GetAnalyticsModules.xml",
          "hikvision-analytics-basic/GetRules.xml",
          "xiongmai-sunba405/GetProfiles.xml",
          "generic-gsoap-mockup/Fault.template.xml");
  private final PrivacyClassifier classifier = PrivacyClassifier.withDefaults(List.of());

  private static List<String[]> manifest(Path corpus) throws IOException {
    return Files.readAllLines(corpus.resolve("MANIFEST.tsv")).stream()
        .skip(1)
        .filter(l -> !l.isBlank())
        .map(l -> l.split("\t"))
        .collect(Collectors.toList());
  }

  private static XmlNode body(Path corpus, String file) throws Exception {
    return SoapParser.body(Files.readAllBytes(corpus.resolve(file)));
  }

  @Test
  void everyFileParsesOrIsRefusedWithATypedError() throws Exception {
    Path corpus = Fixtures.onvifCorpus();
    List<String> problems = new ArrayList<>();
    int parsed = 0;
    for (String[] row : manifest(corpus)) {
      String file = row[0];
      String op = row[4];
      byte[] bytes = Files.readAllBytes(corpus.resolve(file));
      if (NOT_WELL_FORMED.contains(file)) {
        PollException e = assertThrows(PollException.class, () -> SoapParser.body(bytes), file);
        assertEquals(PollErrorType.MALFORMED, e.type(), file);
        continue;
      }
      if (op.startsWith("SOAP Fault")) {
        PollException e = assertThrows(PollException.class, () -> SoapParser.body(bytes), file);
        assertEquals(PollErrorType.FAULT, e.type(), file);
        assertFalse(e.fault().code().isEmpty(), file);
        continue;
      }
      XmlNode b;
      try {
        b = SoapParser.body(bytes);
      } catch (PollException e) {
        problems.add(file + ": " + e.getMessage());
        continue;
      }
      parsed++;
      check(file, op, b, problems);
    }
    assertEquals(List.of(), problems);
    assertTrue(parsed >= 100, "parsed only " + parsed);
  }

  private void check(String file, String op, XmlNode b, List<String> problems)
      throws PollException {
    switch (op) {
      case "tds:GetDeviceInformation" -> {
        DeviceIdentity d = OnvifResponses.deviceInformation(b);
        if (d.firmware().isEmpty() && d.model().isEmpty()) {
          problems.add(file + ": no model, no firmware");
        }
      }
      case "tds:GetSystemDateAndTime" -> {
        if (OnvifResponses.systemUtc(b).isEmpty()) {
          problems.add(file + ": no UTC time");
        }
      }
      case "tds:GetServices" -> {
        if (!OnvifResponses.services(b).containsKey(Onvif.DEVICE)) {
          problems.add(file + ": no device service");
        }
      }
      case "tds:GetUsers" -> {
        List<String> users = OnvifResponses.users(b);
        if (users.isEmpty() || users.stream().anyMatch(u -> u.startsWith(":"))) {
          problems.add(file + ": users " + users);
        }
      }
      case "tds:GetDiscoveryMode" -> {
        String m = OnvifResponses.discoveryMode(b, "GetDiscoveryModeResponse");
        if (!m.equals("Discoverable") && !m.equals("NonDiscoverable")) {
          problems.add(file + ": discovery mode '" + m + "'");
        }
      }
      case "tan:GetAnalyticsModules" ->
          nonEmpty(file, OnvifResponses.analyticsModules(b, "t"), problems);
      case "tan:GetRules" -> nonEmpty(file, OnvifResponses.rules(b, "t"), problems);
      case "tan:GetSupportedAnalyticsModules" ->
          nonEmpty(file, OnvifResponses.supportedModules(b), problems);
      case "tan:GetSupportedRules" -> nonEmpty(file, OnvifResponses.supportedRules(b), problems);
      case "tan:GetServiceCapabilities" -> OnvifResponses.analyticsCapabilities(b);
      case "trt:GetProfiles" ->
          OnvifResponses.profileAnalytics(b).values().forEach(l -> classified(file, l, problems));
      default -> {}
    }
    // Whatever the operation, every analytics type in it has a privacy class.
    for (String local :
        List.of("AnalyticsModule", "Rule", "AnalyticsModuleDescription", "RuleDescription")) {
      for (XmlNode n : b.descendants(local)) {
        String t = n.attr(local.endsWith("Description") ? "Name" : "Type");
        if (!t.isEmpty() && classifier.classify(n.resolveQName(t)) == PrivacyClass.UNKNOWN) {
          problems.add(file + ": unclassified " + n.resolveQName(t));
        }
      }
    }
  }

  private void nonEmpty(String file, List<AnalyticsItem> items, List<String> problems) {
    if (items.isEmpty()) {
      problems.add(file + ": no analytics items");
    }
    classified(file, items, problems);
  }

  private void classified(String file, List<AnalyticsItem> items, List<String> problems) {
    for (AnalyticsItem i : items) {
      // Vendor prefixes may be left undeclared by re-serialised files; the ONVIF one must resolve.
      if (i.type().startsWith("{?tt}") || i.type().startsWith("{}")) {
        problems.add(file + ": unresolved type " + i.type());
      }
    }
  }

  @Test
  void vendorValuesComeOutRight() throws Exception {
    Path c = Fixtures.onvifCorpus();
    DeviceIdentity ms =
        OnvifResponses.deviceInformation(body(c, "milesight/GetDeviceInformation.xml"));
    assertEquals("MS-C8165-PE", ms.model());
    assertEquals("61.8.0.3-r8", ms.firmware());
    assertEquals(
        "M2025-LE",
        OnvifResponses.deviceInformation(body(c, "axis/GetDeviceInformation.xml")).model());
    // Bosch re-marshalled XML: default namespace everywhere and a bogus xmlns:_xmlns attribute.
    DeviceIdentity bosch =
        OnvifResponses.deviceInformation(body(c, "bosch-flexidome5100i/GetDeviceInformation.xml"));
    assertTrue(bosch.firmware().startsWith("8.71"), bosch.toString());

    List<AnalyticsItem> hik =
        OnvifResponses.analyticsModules(
            body(c, "hikvision-ds2df7286a/GetAnalyticsModules.xml"), "t");
    assertTrue(
        hik.stream()
            .anyMatch(
                i ->
                    i.type()
                        .equals("{http://www.onvifext.com/onvif/ext/ver10/schema}TamperEngine")));

    Map<String, List<AnalyticsItem>> oem =
        OnvifResponses.profileAnalytics(body(c, "hikvision-oem-enp1a14/GetProfiles.xml"));
    List<AnalyticsItem> tamper =
        oem.values().stream()
            .flatMap(List::stream)
            .filter(i -> i.type().endsWith("}TamperEngine"))
            .toList();
    assertFalse(tamper.isEmpty());
    assertNotEquals("{?extxsd}TamperEngine", tamper.get(0).type());
    assertEquals(PrivacyClass.ORDINARY, classifier.classify(tamper.get(0).type()));

    for (String cam : List.of("generic-gx728mf", "sunba-performance")) {
      Set<PrivacyClass> classes =
          OnvifResponses.profileAnalytics(body(c, cam + "/GetProfiles.xml")).values().stream()
              .flatMap(List::stream)
              .map(i -> classifier.classify(i.type()))
              .collect(Collectors.toSet());
      assertTrue(classes.contains(PrivacyClass.FACE_DETECTION), cam + ": " + classes);
    }
  }

  @Test
  void realFaultsAreTyped() throws Exception {
    Path c = Fixtures.onvifCorpus();
    PollException auth =
        assertThrows(
            PollException.class, () -> body(c, "hikvision-ds2df7286a/Fault.NotAuthorized.xml"));
    assertTrue(auth.fault().notAuthorized(), auth.fault().toString());
    PollException unsupported =
        assertThrows(
            PollException.class,
            () -> body(c, "hikvision-ds2df7286a/Fault.ActionNotSupported.xml"));
    assertTrue(unsupported.fault().notSupported(), unsupported.fault().toString());
    assertEquals("ActionNotSupported", unsupported.fault().subcodes().get(0));
  }

  @Test
  void gsoapUsersAreNameAndLevelOnly() throws Exception {
    Path c = Fixtures.onvifCorpus();
    XmlNode b = body(c, "generic-gsoap-mockup/GetUsers.xml");
    assertFalse(
        b.descendants("Password").isEmpty(), "the corpus file was expected to carry passwords");
    // Each entry is exactly name:level; the password (equal to the name here) has no place in it.
    assertEquals(List.of("admin:Administrator", "operator:Operator"), OnvifResponses.users(b));
  }
}
