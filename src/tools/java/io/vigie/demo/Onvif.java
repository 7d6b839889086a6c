package io.vigie.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;

/**
 * A video server polling a camera's ONVIF device service (HTTP POST of SOAP 1.2 to {@code
 * /onvif/device_service} on port 80): GetDeviceInformation then GetSystemDateAndTime on one
 * keep-alive connection, with WS-Security UsernameToken headers as ONVIF clients send them.
 *
 * <pre>{@code
 * List<Packet> poll = Onvif.poll(vms, 42000, cam, new Onvif.Identity("Acme", "AV-D200", "V5.7.3", "SN1"), t, seed);
 * }</pre>
 */
public final class Onvif {
  /** What a camera reports about itself. */
  public record Identity(String manufacturer, String model, String firmware, String serial) {}

  private static final String DEVICE_WSDL = "http://www.onvif.org/ver10/device/wsdl";

  private Onvif() {}

  public static List<Packet> poll(
      Host vms, int vmsPort, Host cam, Identity id, long startNanos, long seed) {
    TcpSession s = new TcpSession(vms, vmsPort, cam, 80, startNanos, 300_000, seed);
    s.connect();
    String devInfo =
        "<tds:GetDeviceInformationResponse>"
            + "<tds:Manufacturer>"
            + id.manufacturer()
            + "</tds:Manufacturer>"
            + "<tds:Model>"
            + id.model()
            + "</tds:Model>"
            + "<tds:FirmwareVersion>"
            + id.firmware()
            + "</tds:FirmwareVersion>"
            + "<tds:SerialNumber>"
            + id.serial()
            + "</tds:SerialNumber>"
            + "<tds:HardwareId>"
            + id.model()
            + "-HW2</tds:HardwareId>"
            + "</tds:GetDeviceInformationResponse>";
    exchange(s, vms, cam, "GetDeviceInformation", devInfo, seed, startNanos);
    s.idle(2_000_000);
    ZonedDateTime utc = Instant.ofEpochSecond(0, s.now()).atZone(ZoneOffset.UTC);
    String time =
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
            + "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
            + "<tt:TimeZone><tt:TZ>CET-1CEST,M3.5.0,M10.5.0/3</tt:TZ></tt:TimeZone>"
            + "<tt:UTCDateTime><tt:Time><tt:Hour>"
            + utc.getHour()
            + "</tt:Hour><tt:Minute>"
            + utc.getMinute()
            + "</tt:Minute><tt:Second>"
            + utc.getSecond()
            + "</tt:Second></tt:Time><tt:Date><tt:Year>"
            + utc.getYear()
            + "</tt:Year><tt:Month>"
            + utc.getMonthValue()
            + "</tt:Month><tt:Day>"
            + utc.getDayOfMonth()
            + "</tt:Day></tt:Date></tt:UTCDateTime>"
            + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    exchange(s, vms, cam, "GetSystemDateAndTime", time, seed + 1, startNanos);
    s.idle(5_000_000);
    s.close(true);
    return s.packets();
  }

  private static void exchange(
      TcpSession s,
      Host vms,
      Host cam,
      String operation,
      String responseBody,
      long seed,
      long tsNanos) {
    byte[] nonce = new byte[16];
    long r = TcpSession.mix(seed);
    for (int i = 0; i < 16; i++) {
      nonce[i] = (byte) (r >>> ((i % 8) * 8));
      if (i == 7) {
        r = TcpSession.mix(r);
      }
    }
    byte[] digest = new byte[20];
    for (int i = 0; i < 20; i++) {
      digest[i] = (byte) TcpSession.mix(r + i);
    }
    String created = Instant.ofEpochSecond(0, tsNanos).toString();
    String request =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
            + "<s:Header><Security s:mustUnderstand=\"1\" xmlns=\"http://docs.oasis-open.org/wss/2004/01/"
            + "oasis-200401-wss-wssecurity-secext-1.0.xsd\"><UsernameToken><Username>vms</Username>"
            + "<Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-"
            + "profile-1.0#PasswordDigest\">"
            + Base64.getEncoder().encodeToString(digest)
            + "</Password>"
            + "<Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-"
            + "security-1.0#Base64Binary\">"
            + Base64.getEncoder().encodeToString(nonce)
            + "</Nonce>"
            + "<Created xmlns=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-"
            + "utility-1.0.xsd\">"
            + created
            + "</Created></UsernameToken></Security></s:Header>"
            + "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><"
            + operation
            + " xmlns=\""
            + DEVICE_WSDL
            + "\"/></s:Body></s:Envelope>";
    byte[] body = request.getBytes(UTF_8);
    s.send(
        true,
        Rtsp.ascii(
            "POST /onvif/device_service HTTP/1.1\r\nHost: "
                + cam.address()
                + "\r\n"
                + "Content-Type: application/soap+xml; charset=utf-8; action=\""
                + DEVICE_WSDL
                + "/"
                + operation
                + "\"\r\n"
                + "Content-Length: "
                + body.length
                + "\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n"
                + request));
    s.idle(3_000_000); // the camera's web server takes a few milliseconds
    String response =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:tds=\""
            + DEVICE_WSDL
            + "\">"
            + "<SOAP-ENV:Body>"
            + responseBody
            + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    byte[] rbody = response.getBytes(UTF_8);
    s.send(
        false,
        Rtsp.ascii(
            "HTTP/1.1 200 OK\r\nServer: gSOAP/2.8\r\n"
                + "Content-Type: application/soap+xml; charset=utf-8; action=\""
                + DEVICE_WSDL
                + "/"
                + operation
                + "Response\"\r\nContent-Length: "
                + rbody.length
                + "\r\nConnection: keep-alive\r\n\r\n"
                + response));
  }
}
