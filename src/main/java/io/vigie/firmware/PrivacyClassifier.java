package io.vigie.firmware;

import io.vigie.config.PrivacyClassRule;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps an analytics module or rule type to a {@link PrivacyClass}.
 *
 * <pre>{@code
 * PrivacyClassifier c = PrivacyClassifier.withDefaults(site.privacyClasses());
 * c.classify("{http://www.onvif.org/ver10/schema}FaceDetector"); // FACE_DETECTION
 * }</pre>
 *
 * <p>Order: the site's rules (exact namespace first, then any namespace), the built-in table of
 * ONVIF and vendor types, then what the local name says. The name test runs whatever the namespace,
 * so that an unfamiliar vendor namespace never hides a face-recognition module; it looks for the
 * most intrusive meaning first ("FaceRecognitionEngine" is recognition, not detection).
 */
public final class PrivacyClassifier {
  /**
   * Built-in table by local name; ONVIF types (ONVIF Analytics Service spec, annex) and vendor
   * names seen on cameras.
   */
  private static final Map<String, PrivacyClass> BUILT_IN =
      Map.ofEntries(
          Map.entry("CellMotionEngine", PrivacyClass.ORDINARY),
          Map.entry("CellMotionDetector", PrivacyClass.ORDINARY),
          Map.entry("MotionRegionDetector", PrivacyClass.ORDINARY),
          Map.entry("LineDetectorEngine", PrivacyClass.ORDINARY),
          Map.entry("LineDetector", PrivacyClass.ORDINARY),
          Map.entry("FieldDetectorEngine", PrivacyClass.ORDINARY),
          Map.entry("FieldDetector", PrivacyClass.ORDINARY),
          Map.entry("TamperEngine", PrivacyClass.ORDINARY),
          Map.entry("TamperDetector", PrivacyClass.ORDINARY),
          Map.entry("TamperingDetection", PrivacyClass.ORDINARY),
          Map.entry("GlobalSceneChangeEngine", PrivacyClass.ORDINARY),
          Map.entry("FocusDetectorEngine", PrivacyClass.ORDINARY),
          Map.entry("AudioEngine", PrivacyClass.ORDINARY),
          Map.entry("LoiteringDetectorEngine", PrivacyClass.ORDINARY),
          Map.entry("LoiteringDetector", PrivacyClass.ORDINARY),
          Map.entry("CountAggregationEngine", PrivacyClass.ORDINARY),
          Map.entry("CountAggregation", PrivacyClass.ORDINARY),
          Map.entry("DeclarativeMotionDetector", PrivacyClass.ORDINARY),
          Map.entry("ObjectClassificationEngine", PrivacyClass.CLASSIFICATION),
          Map.entry("HumanVehicleDetection", PrivacyClass.CLASSIFICATION),
          Map.entry("FaceDetectorEngine", PrivacyClass.FACE_DETECTION),
          Map.entry("FaceDetector", PrivacyClass.FACE_DETECTION),
          Map.entry("FaceRecognitionEngine", PrivacyClass.FACE_RECOGNITION),
          Map.entry("FaceRecognition", PrivacyClass.FACE_RECOGNITION),
          Map.entry("LicensePlateRecognitionEngine", PrivacyClass.PLATE_READING),
          Map.entry("LicensePlateRecognition", PrivacyClass.PLATE_READING),
          Map.entry("LicensePlateDetector", PrivacyClass.PLATE_READING),
          // Hikvision (ISAPI smart events, VCA resources, open-platform apps)
          Map.entry("FaceCapture", PrivacyClass.FACE_DETECTION),
          Map.entry("faceSnap", PrivacyClass.FACE_DETECTION),
          Map.entry("facesnap", PrivacyClass.FACE_DETECTION),
          Map.entry("FaceDetect", PrivacyClass.FACE_DETECTION),
          Map.entry("faceContrast", PrivacyClass.FACE_RECOGNITION),
          Map.entry("FaceContrast", PrivacyClass.FACE_RECOGNITION),
          Map.entry("FaceComparison", PrivacyClass.FACE_RECOGNITION),
          Map.entry("FaceCaptureComparison", PrivacyClass.FACE_RECOGNITION),
          Map.entry("vehicleDetection", PrivacyClass.PLATE_READING),
          Map.entry("VehicleDetection", PrivacyClass.PLATE_READING),
          Map.entry("smartVehicleDetection", PrivacyClass.PLATE_READING),
          Map.entry("HumanBodyAttribute", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("humanRecognition", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("PeopleCounting", PrivacyClass.ORDINARY),
          Map.entry("peopleCounting", PrivacyClass.ORDINARY),
          // Axis ACAP applications (package names)
          Map.entry("LicensePlateVerifier", PrivacyClass.PLATE_READING),
          Map.entry("objectanalytics", PrivacyClass.CLASSIFICATION),
          Map.entry("vmd", PrivacyClass.ORDINARY),
          Map.entry("VMD3", PrivacyClass.ORDINARY),
          Map.entry("fenceguard", PrivacyClass.ORDINARY),
          Map.entry("loiteringguard", PrivacyClass.ORDINARY),
          Map.entry("motionguard", PrivacyClass.ORDINARY),
          Map.entry("RemoteAccess", PrivacyClass.ORDINARY),
          Map.entry("drstn_notifier", PrivacyClass.ORDINARY),
          // Dahua video analysis rule types (VideoAnalyseRule[..][..].Type)
          Map.entry("FaceDetection", PrivacyClass.FACE_DETECTION),
          Map.entry("FaceAnalysis", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("FaceAttribute", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("HumanTrait", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("ObjectStructlize", PrivacyClass.PERSON_ATTRIBUTES),
          Map.entry("TrafficJunction", PrivacyClass.PLATE_READING),
          Map.entry("TrafficParking", PrivacyClass.PLATE_READING),
          Map.entry("TrafficCar", PrivacyClass.PLATE_READING),
          Map.entry("VehicleAnalyse", PrivacyClass.PLATE_READING),
          Map.entry("CrossLineDetection", PrivacyClass.ORDINARY),
          Map.entry("CrossRegionDetection", PrivacyClass.ORDINARY),
          Map.entry("NumberStat", PrivacyClass.ORDINARY),
          Map.entry("ManNumDetection", PrivacyClass.ORDINARY),
          Map.entry("VideoMotion", PrivacyClass.ORDINARY));

  private final Map<String, PrivacyClass> exact = new HashMap<>();
  private final Map<String, PrivacyClass> anyNamespace = new HashMap<>();

  private PrivacyClassifier(List<PrivacyClassRule> rules) {
    for (PrivacyClassRule r : rules) {
      PrivacyClass c = PrivacyClass.of(r.privacyClass());
      if (r.namespace() == null) {
        anyNamespace.put(r.type(), c);
      } else {
        exact.put("{" + r.namespace() + "}" + r.type(), c);
      }
    }
  }

  public static PrivacyClassifier withDefaults(List<PrivacyClassRule> siteRules) {
    return new PrivacyClassifier(siteRules);
  }

  /** The built-in table, by local name (for {@code vigie cameras classes}). */
  public static Map<String, PrivacyClass> builtIn() {
    return new java.util.TreeMap<>(BUILT_IN);
  }

  /**
   * An item's class: its type's, or what the vendor's display name of an app says when that is more
   * intrusive, so that "AXIS License Plate Verifier" is plate reading whatever its package is
   * called.
   */
  public PrivacyClass classify(AnalyticsItem item) {
    PrivacyClass byType = classify(item.type());
    String nice = item.niceName();
    if (nice.isEmpty()) {
      return byType;
    }
    PrivacyClass byNice = byName(nice.replace(" ", ""));
    return rank(byNice) > rank(byType) ? byNice : byType;
  }

  /**
   * @param clarkType {@code {namespace}LocalName}
   */
  public PrivacyClass classify(String clarkType) {
    PrivacyClass c = exact.get(clarkType);
    if (c != null) {
      return c;
    }
    String local = clarkType.substring(clarkType.indexOf('}') + 1);
    c = anyNamespace.get(local);
    if (c != null) {
      return c;
    }
    PrivacyClass byName = byName(local);
    c = BUILT_IN.get(local);
    // The more intrusive of the table and the name test: a vendor may reuse an ordinary-looking
    // name, and a vendor name may hide what the table knows (Hikvision's faceContrast is face
    // recognition, its vehicleDetection reads plates).
    if (c != null && (byName == PrivacyClass.UNKNOWN || rank(c) >= rank(byName))) {
      return c;
    }
    return byName;
  }

  private static int rank(PrivacyClass c) {
    return switch (c) {
      case FACE_RECOGNITION, PLATE_READING -> 5;
      case PERSON_ATTRIBUTES, COLOUR_SEARCH -> 4;
      case FACE_DETECTION -> 3;
      case CLASSIFICATION -> 2;
      case ORDINARY -> 1;
      case UNKNOWN -> 0;
    };
  }

  /** What the local name says, most intrusive meaning first. */
  static PrivacyClass byName(String local) {
    String n = local.toLowerCase(Locale.ROOT);
    boolean face = n.contains("face");
    if (face
        && (n.contains("recogni")
            || n.contains("match")
            || n.contains("compar")
            || n.contains("identif")
            || n.contains("verif")
            || n.contains("library")
            || n.contains("blacklist")
            || n.contains("whitelist"))) {
      return PrivacyClass.FACE_RECOGNITION;
    }
    if (n.contains("plate")
        || n.contains("lpr")
        || n.contains("anpr")
        || n.contains("alpr")
        || n.contains("numberrecog")
        || (n.contains("licen") && n.contains("recogni"))) {
      return PrivacyClass.PLATE_READING;
    }
    if (n.contains("attribute")
        || n.contains("gender")
        || n.contains("age") && n.contains("estimat")
        || n.contains("clothing")
        || n.contains("appearance")) {
      return PrivacyClass.PERSON_ATTRIBUTES;
    }
    if (n.contains("colour") || n.contains("color")) {
      return PrivacyClass.COLOUR_SEARCH;
    }
    if (face) {
      return PrivacyClass.FACE_DETECTION;
    }
    if (n.contains("classif")
        || n.contains("humanvehicle")
        || n.contains("human")
        || n.contains("vehicle")
        || n.contains("person")
        || n.contains("objectdetect")) {
      return PrivacyClass.CLASSIFICATION;
    }
    if (n.contains("motion")
        || n.contains("line")
        || n.contains("field")
        || n.contains("tamper")
        || n.contains("intrusion")
        || n.contains("loiter")
        || n.contains("count")) {
      return PrivacyClass.ORDINARY;
    }
    return PrivacyClass.UNKNOWN;
  }
}
