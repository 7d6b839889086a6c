package io.vigie.demo;

import java.util.SplittableRandom;

/**
 * H.264 video over RTP (payload type 96, 90 kHz clock, RFC 6184 FU-A fragmentation) from a camera
 * to a video server, generated lazily, with an RTCP sender report from the camera and a receiver
 * report from the server every five seconds on the next port up (RFC 3550 6.2).
 *
 * <pre>{@code
 * RtpStream s = new RtpStream(cam, 6970, vms, 50000, VideoProfile.MAIN_STREAM, start, end, seed);
 * }</pre>
 *
 * <p>Slice bytes come from a shared pool of random bytes: they look like entropy-coded video and
 * cost nothing to make.
 */
public final class RtpStream implements PacketStream {
  private static final long RTCP_INTERVAL = 5_000_000_000L;
  private static final long PACKET_GAP = 30_000;
  private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

  private final Host camera;
  private final int cameraPort;
  private final Host server;
  private final int serverPort;
  private final VideoProfile profile;
  private final long endNanos;
  private final long startNanos;
  private final SplittableRandom random;
  private final byte[] pool;
  private final byte[] payload = new byte[VideoProfile.RTP_PAYLOAD + 12];
  private final int ssrc;
  private final int rtpBase;
  private final String cname;
  private int ipId;
  private int rtcpIpId;
  private int serverIpId;

  private long frame = -1;
  private long frameStart;
  private int frameBytes;
  private int framePackets;
  private int packetInFrame;
  private boolean keyFrame;
  private int seq;
  private long packetCount;
  private long octetCount;
  private long nextRtp;
  private long nextSr;
  private long nextRr = Long.MAX_VALUE;

  public RtpStream(
      Host camera,
      int cameraPort,
      Host server,
      int serverPort,
      VideoProfile profile,
      long startNanos,
      long endNanos,
      long seed,
      byte[] randomPool) {
    if (randomPool.length < 4 * VideoProfile.RTP_PAYLOAD) {
      throw new IllegalArgumentException("random pool too small");
    }
    this.camera = camera;
    this.cameraPort = cameraPort;
    this.server = server;
    this.serverPort = serverPort;
    this.profile = profile;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.random = new SplittableRandom(seed);
    this.pool = randomPool;
    this.ssrc = random.nextInt();
    this.rtpBase = random.nextInt();
    this.seq = random.nextInt(1 << 16);
    this.ipId = random.nextInt(1 << 16);
    this.rtcpIpId = random.nextInt(1 << 16);
    this.serverIpId = random.nextInt(1 << 16);
    this.cname = "cam@" + camera.address();
    startFrame(0);
    this.nextSr = startNanos + RTCP_INTERVAL;
  }

  /** The SSRC, as announced in the RTSP SETUP reply. */
  public int ssrc() {
    return ssrc;
  }

  /** First RTP sequence number, as announced in the RTSP PLAY reply's RTP-Info. */
  public int firstSeq() {
    return seq & 0xffff;
  }

  /** First RTP timestamp, as announced in RTP-Info. */
  public int firstTimestamp() {
    return rtpBase;
  }

  @Override
  public long peekNanos() {
    long t = Math.min(nextRtp, Math.min(nextSr, nextRr));
    return t < endNanos ? t : Long.MAX_VALUE;
  }

  @Override
  public int next(byte[] buf) {
    if (nextRr <= nextRtp && nextRr <= nextSr) {
      long t = nextRr;
      nextRr = Long.MAX_VALUE;
      return receiverReport(buf, t);
    }
    if (nextSr <= nextRtp) {
      long t = nextSr;
      nextSr += RTCP_INTERVAL;
      nextRr = t + 2_000_000; // the server answers a couple of milliseconds later
      return senderReport(buf, t);
    }
    return rtp(buf);
  }

  private void startFrame(long k) {
    frame = k;
    keyFrame = k % profile.gop() == 0;
    frameBytes =
        keyFrame
            ? profile.iMinBytes() + random.nextInt(profile.iMaxBytes() - profile.iMinBytes() + 1)
            : profile.pMinBytes() + random.nextInt(profile.pMaxBytes() - profile.pMinBytes() + 1);
    framePackets = VideoProfile.packetsFor(frameBytes);
    packetInFrame = 0;
    // Encoders deliver frames with a little jitter; keep it well under a frame interval.
    frameStart = startNanos + k * 1_000_000_000L / profile.fps() + random.nextInt(2_000_000);
    nextRtp = frameStart;
  }

  private int rtp(byte[] buf) {
    boolean last = packetInFrame == framePackets - 1;
    int rtpTs = rtpBase + (int) (frame * (90_000 / profile.fps()));
    payload[0] = (byte) 0x80;
    payload[1] = (byte) ((last ? 0x80 : 0) | 96);
    Frames.put16(payload, 2, seq);
    Frames.put32(payload, 4, rtpTs);
    Frames.put32(payload, 8, ssrc);
    int nalType = keyFrame ? 5 : 1;
    int nri = keyFrame ? 3 : 2;
    int len;
    int src = (int) ((packetCount * 7_919L) % (pool.length - VideoProfile.RTP_PAYLOAD));
    if (framePackets == 1) {
      payload[12] = (byte) ((nri << 5) | nalType);
      len = frameBytes;
      System.arraycopy(pool, src, payload, 13, len - 1);
    } else {
      boolean first = packetInFrame == 0;
      payload[12] = (byte) ((nri << 5) | 28);
      payload[13] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | nalType);
      int fragment =
          last ? frameBytes - VideoProfile.FRAGMENT * (framePackets - 1) : VideoProfile.FRAGMENT;
      len = fragment + 2;
      System.arraycopy(pool, src, payload, 14, fragment);
    }
    if (packetInFrame == 0) {
      // Slice header of the first fragment: first_mb_in_slice 0, slice_type I (7) or P (5), pps 0.
      int at = framePackets == 1 ? 13 : 14;
      payload[at] = (byte) (keyFrame ? 0x88 : 0x98);
      payload[at + 1] = (byte) (0x80 | (payload[at + 1] & 0x3f));
    }
    int n =
        Frames.udp(
            buf, camera, cameraPort, server, serverPort, ipId++ & 0xffff, payload, 0, 12 + len);
    seq = (seq + 1) & 0xffff;
    packetCount++;
    octetCount += len;
    if (last) {
      startFrame(frame + 1);
    } else {
      packetInFrame++;
      nextRtp += PACKET_GAP;
    }
    return n;
  }

  private int senderReport(byte[] buf, long t) {
    byte[] sdes = sdes(ssrc, cname);
    byte[] p = new byte[28 + sdes.length];
    p[0] = (byte) 0x80;
    p[1] = (byte) 200;
    Frames.put16(p, 2, 6);
    Frames.put32(p, 4, ssrc);
    long secs = t / 1_000_000_000L + NTP_UNIX_OFFSET;
    long frac = ((t % 1_000_000_000L) << 32) / 1_000_000_000L;
    Frames.put32(p, 8, (int) secs);
    Frames.put32(p, 12, (int) frac);
    Frames.put32(p, 16, rtpBase + (int) ((t - startNanos) * 90 / 1_000_000));
    Frames.put32(p, 20, (int) packetCount);
    Frames.put32(p, 24, (int) octetCount);
    System.arraycopy(sdes, 0, p, 28, sdes.length);
    return Frames.udp(
        buf, camera, cameraPort + 1, server, serverPort + 1, rtcpIpId++ & 0xffff, p, 0, p.length);
  }

  private int receiverReport(byte[] buf, long t) {
    int serverSsrc = ~ssrc;
    byte[] sdes = sdes(serverSsrc, "vms@" + server.address());
    byte[] p = new byte[32 + sdes.length];
    p[0] = (byte) 0x81;
    p[1] = (byte) 201;
    Frames.put16(p, 2, 7);
    Frames.put32(p, 4, serverSsrc);
    Frames.put32(p, 8, ssrc);
    // fraction lost 0, cumulative lost 0
    Frames.put32(p, 16, (seq - 1) & 0xffff);
    Frames.put32(p, 20, 40 + random.nextInt(60)); // interarrival jitter, in 90 kHz units
    long srSecs = (t - 2_000_000) / 1_000_000_000L + NTP_UNIX_OFFSET;
    long srFrac = (((t - 2_000_000) % 1_000_000_000L) << 32) / 1_000_000_000L;
    Frames.put32(p, 24, (int) ((srSecs << 16) | (srFrac >>> 16)));
    Frames.put32(p, 28, 131); // 2 ms in 1/65536 s
    System.arraycopy(sdes, 0, p, 32, sdes.length);
    return Frames.udp(
        buf, server, serverPort + 1, camera, cameraPort + 1, serverIpId++ & 0xffff, p, 0, p.length);
  }

  /** An SDES packet with one chunk carrying a CNAME, padded to a 32-bit boundary. */
  private static byte[] sdes(int ssrc, String cname) {
    byte[] name = cname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int chunk = 4 + 2 + name.length + 1; // ssrc, type+len, text, END
    int padded = (chunk + 3) & ~3;
    byte[] p = new byte[4 + padded];
    p[0] = (byte) 0x81;
    p[1] = (byte) 202;
    Frames.put16(p, 2, p.length / 4 - 1);
    Frames.put32(p, 4, ssrc);
    p[8] = 1; // CNAME
    p[9] = (byte) name.length;
    System.arraycopy(name, 0, p, 10, name.length);
    return p;
  }
}
