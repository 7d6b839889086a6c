package io.vigie.firmware.onvif;

/**
 * One ONVIF request: the service it goes to, the SOAP action and the Body content.
 *
 * @param service the service namespace, which selects the XAddr
 * @param operation e.g. {@code GetDeviceInformation}
 * @param body the Body content, e.g. {@code <tds:GetDeviceInformation/>}
 */
record SoapRequest(String service, String operation, String body) {
  private static final String PREFIXES =
      " xmlns:tds=\""
          + Onvif.DEVICE
          + "\" xmlns:trt=\""
          + Onvif.MEDIA
          + "\" xmlns:tan=\""
          + Onvif.ANALYTICS
          + "\" xmlns:tt=\""
          + Onvif.SCHEMA
          + "\"";

  static SoapRequest device(String op) {
    return new SoapRequest(Onvif.DEVICE, op, "<tds:" + op + "/>");
  }

  static SoapRequest analytics(String op, String configToken) {
    String inner =
        configToken == null
            ? ""
            : "<tan:ConfigurationToken>" + escape(configToken) + "</tan:ConfigurationToken>";
    return new SoapRequest(Onvif.ANALYTICS, op, "<tan:" + op + ">" + inner + "</tan:" + op + ">");
  }

  String action() {
    return service + "/" + operation;
  }

  String envelope(String securityHeader) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\""
        + SoapParser.SOAP12
        + "\""
        + PREFIXES
        + ">"
        + (securityHeader == null ? "" : "<s:Header>" + securityHeader + "</s:Header>")
        + "<s:Body>"
        + body
        + "</s:Body></s:Envelope>";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
