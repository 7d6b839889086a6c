package io.vigie.demo;

/**
 * How a camera encodes: frames per second, a key frame every {@code gop} frames, and the size range
 * of key (I) and predicted (P) frames in bytes. Sizes are drawn uniformly in the range.
 *
 * <pre>{@code
 * VideoProfile main = VideoProfile.MAIN_STREAM;  // 25 fps, ~1.3 Mbit/s
 * }</pre>
 */
public record VideoProfile(
    int fps, int gop, int iMinBytes, int iMaxBytes, int pMinBytes, int pMaxBytes) {
  /** RTP payload bytes per packet: 1200-byte packets less the 12-byte RTP header. */
  public static final int RTP_PAYLOAD = 1188;

  /** Bytes of one FU-A fragment of a NAL unit (FU indicator and header take two). */
  public static final int FRAGMENT = RTP_PAYLOAD - 2;

  /** A camera's main stream: 25 fps, 2 s GOP, about 1.3 Mbit/s. */
  public static final VideoProfile MAIN_STREAM =
      new VideoProfile(25, 50, 48_000, 72_000, 3_000, 7_000);

  /** A camera's sub-stream, for the short demo: 10 fps, about 150 kbit/s. */
  public static final VideoProfile SUB_STREAM = new VideoProfile(10, 20, 6_000, 9_000, 700, 1_900);

  public VideoProfile {
    if (fps <= 0
        || gop <= 0
        || iMinBytes <= 0
        || pMinBytes <= 0
        || iMaxBytes < iMinBytes
        || pMaxBytes < pMinBytes) {
      throw new IllegalArgumentException("bad video profile " + fps + " fps, gop " + gop);
    }
  }

  /** RTP packets that carry a frame of {@code bytes} (one NAL unit, FU-A when it does not fit). */
  public static int packetsFor(int bytes) {
    return bytes <= RTP_PAYLOAD ? 1 : (bytes + FRAGMENT - 1) / FRAGMENT;
  }

  /** Mean RTP packets per second, to size a workload of a given number of packets. */
  public double meanPacketsPerSecond() {
    double i = meanPackets(iMinBytes, iMaxBytes);
    double p = meanPackets(pMinBytes, pMaxBytes);
    return fps * (i + (gop - 1) * p) / gop;
  }

  private static double meanPackets(int min, int max) {
    double sum = 0;
    int steps = 64;
    for (int k = 0; k < steps; k++) {
      sum += packetsFor(min + (int) ((long) (max - min) * k / (steps - 1)));
    }
    return sum / steps;
  }
}
