package io.vigie.protocol;

import java.util.List;

/**
 * The protocols whose details a session record carries, in the order of their fields in the record.
 * This list is the one registration of a protocol's detail: the session serialiser, the
 * null-filling of absent keys, the evidence store's session records and the API all read it.
 *
 * <p>A new protocol adds its recogniser (which fills {@link SessionAttrs}, or stores its record
 * with {@link SessionAttrs#put}), its detail record with a {@code KIND}, and one line here, at the
 * end so that the existing keys keep their order.
 */
public final class DetailKinds {
  private DetailKinds() {}

  public static final List<DetailKind<?>> ALL =
      List.of(
          SshDetails.KIND,
          TlsDetails.KIND,
          HttpDetails.KIND,
          FtpDetails.KIND,
          TftpDetails.KIND,
          DnsDetails.KIND,
          RdpDetails.KIND,
          VncDetails.KIND,
          ParentDetails.KIND,
          FileDetails.KIND,
          SipDetails.KIND,
          Gb28181Details.KIND,
          DahuaDetails.KIND,
          IsupDetails.KIND,
          MqttDetails.KIND,
          UpnpDetails.KIND,
          IsapiDetails.KIND,
          FingerprintDetails.KIND,
          LoginDetails.KIND);
}
