package io.vigie.firmware;

import java.util.List;

/**
 * A SOAP 1.2 fault: code ({@code Sender}/{@code Receiver}), nested subcodes such as {@code
 * ter:ActionNotSupported}, and the reason text. Subcodes keep only their local name.
 */
public record SoapFault(String code, List<String> subcodes, String reason) {
  public SoapFault {
    subcodes = List.copyOf(subcodes);
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
    return "SOAP fault "
        + code
        + (subcodes.isEmpty() ? "" : "/" + String.join("/", subcodes))
        + (reason.isEmpty() ? "" : ": " + reason);
  }
}
