/**
 * Synthetic, deterministic traffic: valid Ethernet/IPv4/TCP/UDP frames carrying real protocol bytes
 * (RTSP, RTP/RTCP, ONVIF SOAP, DNS, NTP, SSH, TLS, HTTP, TFTP, FTP), written to pcap.
 *
 * <pre>
 *  Rtsp / Onvif / Ssh / Tls / Ftp ──► TcpSession ──┐            (built lists of Packet)
 *  Dns / Ntp / FirmwareTransfers  ──► Datagrams  ──┼─► ListStream ─┐
 *  RtpStream (lazy, RTP + RTCP)  ──────────────────┘               ├─► StreamMerger ─► PcapWriter
 *                                                   other streams ─┘   (k-way merge by time)
 * </pre>
 *
 * <p>Every random choice comes from a seeded {@link java.util.SplittableRandom}, and times from a
 * fixed start, so the same call writes the same bytes. {@link io.vigie.demo.DemoCapture} is the
 * demo city's two minutes; {@code io.vigie.bench.VideoWorkload} reuses the same parts at scale.
 * Addresses are private (RFC 1918) or documentation space (RFC 5737): bytes in a file only.
 */
package io.vigie.demo;
