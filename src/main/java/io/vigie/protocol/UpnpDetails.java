package io.vigie.protocol;

/**
 * UPnP IGD control, carried by HTTP: the action asked of the router and, for a port mapping, the
 * port opened on the outside and where it leads inside.
 */
public record UpnpDetails(
    String action, Integer externalPort, String internalClient, Integer internalPort)
    implements ProtocolDetail {
  public static final DetailKind<UpnpDetails> KIND =
      new DetailKind<>(
          UpnpDetails.class, new UpnpDetails(null, null, null, null), UpnpDetails::from);

  static UpnpDetails from(SessionAttrs a) {
    return a.upnpAction == null
        ? null
        : new UpnpDetails(
            a.upnpAction,
            a.upnpExternalPort < 0 ? null : a.upnpExternalPort,
            a.upnpInternalClient,
            a.upnpInternalPort < 0 ? null : a.upnpInternalPort);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("upnp_action", action);
    w.numberOrNull("upnp_external_port", externalPort == null ? null : externalPort.longValue());
    w.string("upnp_internal_client", internalClient);
    w.numberOrNull("upnp_internal_port", internalPort == null ? null : internalPort.longValue());
  }
}
