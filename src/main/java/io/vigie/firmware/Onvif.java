package io.vigie.firmware;

/** ONVIF namespace URIs (ONVIF Core Specification, section 5.3). */
final class Onvif {
  static final String SCHEMA = "http://www.onvif.org/ver10/schema";
  static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
  static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
  static final String MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
  static final String ANALYTICS = "http://www.onvif.org/ver20/analytics/wsdl";

  private Onvif() {}
}
