/**
 * Payload recognisers: the application of each flow by content, never by port.
 *
 * <pre>
 * flow table ──► ProtocolEngine ──probe──► Recogniser (one per protocol, shared, stateless)
 *                     │ decided
 *                     └──────────────────► Tracker (one per flow: banners, names, file hashes,
 *                                                   Expectations for ftp-data / tftp / rtp)
 * </pre>
 *
 * <p>Undecided TCP flows keep at most 4 KiB per direction and UDP flows are probed for at most 8
 * datagrams per direction; then the flow is {@link io.vigie.net.App#UNKNOWN}. Once a tracker has
 * nothing more to learn the engine answers false and the flow table stops inspecting the flow.
 * Credentials (FTP PASS, HTTP Authorization and Cookie, telnet login) are never read into {@link
 * io.vigie.protocol.SessionAttrs}.
 */
package io.vigie.protocol;
