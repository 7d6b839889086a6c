package io.vigie.protocol;

import io.vigie.net.App;

/**
 * A flow announced by another one: the data connection of FTP (PASV/EPSV/PORT), a TFTP transfer on
 * the server's new port, RTP announced by an RTSP SETUP.
 *
 * <p>The expected flow runs between {@code host:hostPort} and {@code peer:peerPort}, in either
 * direction; a port of 0 matches any port.
 *
 * @param attrs fields the new flow inherits (TFTP file name and operation, FTP file names), or null
 */
public record Expectation(
    int ipProto,
    int ipVersion,
    long hostHi,
    long hostLo,
    int hostPort,
    long peerHi,
    long peerLo,
    int peerPort,
    App app,
    String parentCommunityId,
    SessionAttrs attrs,
    long expiresNanos) {}
