package io.vigie.firmware;

import java.util.ArrayList;
import java.util.List;

/**
 * A SOAP 1.2 fault: code ({@code Sender}/{@code Receiver}), nested subcodes such as
 * {@code ter:ActionNotSupported}, and the reason text. Subcodes keep only their local name.
 */
public record SoapFault(String code, List<String> subcodes, String reason) {
  public SoapFault {
    subcodes = List.copyOf(subcodes);
  }

  static SoapFault of(XmlNode fault) {
    String code = "";
    List<String> subs = new ArrayList<>();
    XmlNode c = fault.child("Code").orElse(null);
    if (c != null) {
      code = localPart(c.childText("Value"));
      XmlNode s = c.child("Subcode").orElse(null);
      while (s != null && subs.size() < 8) {
        subs.add(localPart(s.childText("Value")));
        s = s.child("Subcode").orElse(null);
      }
    } else {
      code = localPart(fault.childText("faultcode"));
    }
    String reason = fault.child("Reason").map(r -> r.childText("Text")).orElse(fault.childText("faultstring"));
    return new SoapFault(code, subs, reason.length() > 200 ? reason.substring(0, 200) : reason);
  }

  private static String localPart(String qname) {
    return qname.substring(qname.indexOf(':') + 1).trim();
  }

  /** The camera does not implement the operation: an optional feature, not an error. */
  public boolean notSupported() {
    for (String s : subcodes) {
      if (s.contains("NotSupported") || s.equals("InvalidOperation") || s.equals("NoSuchService")) {
        return true;
      }
    }
    return false;
  }

  public boolean notAuthorized() {
    return subcodes.contains("NotAuthorized");
  }

  @Override
  public String toString() {
    return "SOAP fault " + code + (subcodes.isEmpty() ? "" : "/" + String.join("/", subcodes))
        + (reason.isEmpty() ? "" : ": " + reason);
  }
}
