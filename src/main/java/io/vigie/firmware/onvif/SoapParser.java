package io.vigie.firmware.onvif;

import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.SoapFault;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a SOAP 1.2 response with StAX into {@link XmlNode}s and returns the first element of the
 * Body, or throws {@link PollException} typed {@code fault} or {@code malformed}.
 *
 * <pre>{@code
 * XmlNode response = SoapParser.body(bytes); // e.g. tds:GetDeviceInformationResponse
 * }</pre>
 *
 * <p>No DTDs, no external entities (a camera is not trusted), bounded depth and element count;
 * anything after the root element (two concatenated envelopes, log lines) is rejected.
 */
public final class SoapParser {
  public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
  static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final int MAX_DEPTH = 64;
  private static final int MAX_ELEMENTS = 200_000;
  private static final XMLInputFactory FACTORY = newFactory();

  private SoapParser() {}

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** The first element inside the Body; a Fault becomes a {@code fault} poll error. */
  public static XmlNode body(byte[] xml) throws PollException {
    XmlNode env = parse(xml);
    if (!env.local().equals("Envelope") || !(env.ns().equals(SOAP12) || env.ns().equals(SOAP11))) {
      throw new PollException(
          PollErrorType.MALFORMED,
          "root element is {" + env.ns() + "}" + env.local() + ", not a SOAP Envelope");
    }
    XmlNode body =
        env.children().stream()
            .filter(c -> c.local().equals("Body") && c.ns().equals(env.ns()))
            .findFirst()
            .orElseThrow(
                () -> new PollException(PollErrorType.MALFORMED, "SOAP Envelope without a Body"));
    if (body.children().isEmpty()) {
      throw new PollException(PollErrorType.MALFORMED, "empty SOAP Body");
    }
    XmlNode first = body.children().get(0);
    if (first.local().equals("Fault") && first.ns().equals(env.ns())) {
      throw new PollException(PollErrorType.FAULT, fault(first).toString(), fault(first));
    }
    return first;
  }

  /** The whole document as a tree. */
  public static XmlNode parse(byte[] xml) throws PollException {
    try {
      // Decode ourselves: cameras declare encodings the StAX parser does not know
      // (encoding='utf8').
      XMLStreamReader r =
          FACTORY.createXMLStreamReader(
              new InputStreamReader(new ByteArrayInputStream(xml), declaredCharset(xml)));
      try {
        return read(r);
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new PollException(PollErrorType.MALFORMED, "not well-formed XML: " + firstLine(msg));
    }
  }

  private static final Pattern ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

  static Charset declaredCharset(byte[] xml) {
    if (xml.length >= 2
        && ((xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF)
            || (xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE))) {
      return StandardCharsets.UTF_16;
    }
    Matcher m =
        ENCODING.matcher(
            new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.ISO_8859_1));
    if (m.find()) {
      try {
        return Charset.forName(m.group(1));
      } catch (IllegalArgumentException e) {
        return StandardCharsets.UTF_8;
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class Building {
    final String ns;
    final String local;
    final Map<String, String> attrs;
    final Map<String, String> scope;
    final StringBuilder text = new StringBuilder();
    final List<XmlNode> children = new ArrayList<>();

    Building(String ns, String local, Map<String, String> attrs, Map<String, String> scope) {
      this.ns = ns;
      this.local = local;
      this.attrs = attrs;
      this.scope = scope;
    }

    XmlNode build() {
      return new XmlNode(ns, local, attrs, text.toString().trim(), List.copyOf(children), scope);
    }
  }

  private static XmlNode read(XMLStreamReader r) throws XMLStreamException, PollException {
    Deque<Building> stack = new ArrayDeque<>();
    XmlNode root = null;
    int elements = 0;
    while (r.hasNext()) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> {
          if (root != null) {
            throw new PollException(PollErrorType.MALFORMED, "content after the root element");
          }
          if (++elements > MAX_ELEMENTS || stack.size() >= MAX_DEPTH) {
            throw new PollException(
                PollErrorType.MALFORMED, "document too deep or too many elements");
          }
          Map<String, String> parentScope = stack.isEmpty() ? Map.of() : stack.peek().scope;
          Map<String, String> scope = parentScope;
          if (r.getNamespaceCount() > 0) {
            scope = new HashMap<>(parentScope);
            for (int i = 0; i < r.getNamespaceCount(); i++) {
              String p = r.getNamespacePrefix(i);
              scope.put(
                  p == null ? "" : p, r.getNamespaceURI(i) == null ? "" : r.getNamespaceURI(i));
            }
            scope = Map.copyOf(scope);
          }
          Map<String, String> attrs = new LinkedHashMap<>();
          for (int i = 0; i < r.getAttributeCount(); i++) {
            attrs.putIfAbsent(r.getAttributeLocalName(i), r.getAttributeValue(i));
          }
          String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
          stack.push(new Building(ns, r.getLocalName(), Map.copyOf(attrs), scope));
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (!stack.isEmpty()) {
            stack.peek().text.append(r.getText());
          } else if (!r.isWhiteSpace()) {
            throw new PollException(PollErrorType.MALFORMED, "text outside the root element");
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          XmlNode done = stack.pop().build();
          if (stack.isEmpty()) {
            root = done;
          } else {
            stack.peek().children.add(done);
          }
        }
        case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
            throw new PollException(PollErrorType.MALFORMED, "DTDs and entities are refused");
        default -> {}
      }
    }
    if (root == null) {
      throw new PollException(PollErrorType.MALFORMED, "no root element");
    }
    return root;
  }

  /** A SOAP 1.2 (or 1.1) Fault element as a fault value. */
  static SoapFault fault(XmlNode fault) {
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
    String reason =
        fault.child("Reason").map(r -> r.childText("Text")).orElse(fault.childText("faultstring"));
    return new SoapFault(code, subs, reason.length() > 200 ? reason.substring(0, 200) : reason);
  }

  private static String localPart(String qname) {
    return qname.substring(qname.indexOf(':') + 1).trim();
  }
}
