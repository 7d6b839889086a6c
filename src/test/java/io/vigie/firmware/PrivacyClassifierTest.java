package io.vigie.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.config.PrivacyClassRule;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrivacyClassifierTest {
  private static final String TT = "{http://www.onvif.org/ver10/schema}";
  private final PrivacyClassifier c = PrivacyClassifier.withDefaults(List.of());

  @Test
  void onvifTypes() {
    assertEquals(PrivacyClass.ORDINARY, c.classify(TT + "CellMotionEngine"));
    assertEquals(PrivacyClass.ORDINARY, c.classify(TT + "LineDetector"));
    assertEquals(PrivacyClass.FACE_DETECTION, c.classify(TT + "FaceDetectorEngine"));
    assertEquals(
        PrivacyClass.ORDINARY,
        c.classify("{http://www.onvifext.com/onvif/ext/ver10/schema}TamperEngine"));
  }

  @Test
  void anUnfamiliarVendorNamespaceNeverHidesWhatTheNameSays() {
    assertEquals(
        PrivacyClass.FACE_RECOGNITION, c.classify("{http://x.example/a}FaceRecognitionEngine"));
    assertEquals(PrivacyClass.FACE_RECOGNITION, c.classify("{http://x.example/a}FaceMatchEngine"));
    assertEquals(PrivacyClass.FACE_RECOGNITION, c.classify("{?zz}BlacklistFaceCompare"));
    assertEquals(PrivacyClass.PLATE_READING, c.classify("{http://x.example/a}ANPRModule"));
    assertEquals(PrivacyClass.PLATE_READING, c.classify("{http://x.example/a}LicencePlateRule"));
    assertEquals(PrivacyClass.PLATE_READING, c.classify("{http://x.example/a}LPRDetector"));
    assertEquals(
        PrivacyClass.PERSON_ATTRIBUTES, c.classify("{http://x.example/a}HumanAttributeEngine"));
    assertEquals(PrivacyClass.COLOUR_SEARCH, c.classify("{http://x.example/a}VehicleColorSearch"));
    assertEquals(
        PrivacyClass.CLASSIFICATION, c.classify("{http://x.example/a}HumanVehicleClassifier"));
    assertEquals(PrivacyClass.FACE_DETECTION, c.classify("{http://x.example/a}FaceCapture"));
    assertEquals(PrivacyClass.UNKNOWN, c.classify("{http://x.example/a}Zorblax"));
    // A known ordinary name in a vendor namespace keeps its class.
    assertEquals(PrivacyClass.ORDINARY, c.classify("{http://x.example/a}CellMotionDetector"));
  }

  @Test
  void siteRulesComeFirstExactNamespaceBeforeAny() {
    PrivacyClassifier site =
        PrivacyClassifier.withDefaults(
            List.of(
                new PrivacyClassRule("Zorblax", "http://x.example/a", "face_recognition"),
                new PrivacyClassRule("Zorblax", null, "ordinary"),
                new PrivacyClassRule("FaceDetector", null, "face_recognition")));
    assertEquals(PrivacyClass.FACE_RECOGNITION, site.classify("{http://x.example/a}Zorblax"));
    assertEquals(PrivacyClass.ORDINARY, site.classify("{http://y.example/b}Zorblax"));
    assertEquals(PrivacyClass.FACE_RECOGNITION, site.classify(TT + "FaceDetector"));
  }

  @Test
  void configKnowsEveryClassName() {
    Set<String> wire =
        Arrays.stream(PrivacyClass.values())
            .map(PrivacyClass::wireName)
            .collect(Collectors.toSet());
    assertEquals(wire, PrivacyClassRule.CLASSES);
  }
}
