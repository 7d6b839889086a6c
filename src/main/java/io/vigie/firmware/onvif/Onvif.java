package io.vigie.firmware.onvif;

/** ONVIF namespace URIs (ONVIF Core Specification, section 5.3). */
public final class Onvif {
  public static final String SCHEMA = "http://www.onvif.org/ver10/schema";
  public static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
  public static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
  public static final String MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
  public static final String ANALYTICS = "http://www.onvif.org/ver20/analytics/wsdl";

  private Onvif() {}
}
