package io.vigie.jmh;

import io.vigie.bench.ControlWorkload;
import io.vigie.bench.VideoWorkload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The Ethernet frames of a generated capture, held in memory: one array with every frame, and the
 * offset, length and time of each. The benchmarks walk them in capture order, as replay would.
 *
 * <pre>{@code
 * CapturedFrames f = CapturedFrames.video(300, 60_000);
 * decoder.decode(LinkType.ETHERNET, f.ts[i], f.data, f.off[i], f.len[i], f.len[i], pkt);
 * }</pre>
 */
public final class CapturedFrames {
  public final byte[] data;
  public final int[] off;
  public final int[] len;
  public final long[] ts;
  public final int count;

  private CapturedFrames(byte[] data, int[] off, int[] len, long[] ts, int count) {
    this.data = data;
    this.off = off;
    this.len = len;
    this.ts = ts;
    this.count = count;
  }

  /** The video workload of {@code vigie bench replay}: main streams over RTP, polls, visits. */
  public static CapturedFrames video(int cameras, long packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VideoWorkload.write(out, cameras, packets, 1L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(out.toByteArray());
  }

  /** The control workload: sub-streams, ONVIF polls, DNS, NTP, TLS phone-home; short flows. */
  public static CapturedFrames control(int cameras, long packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ControlWorkload.write(out, cameras, packets, 1L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(out.toByteArray());
  }

  /** Reads a classic pcap file (microsecond times, either byte order) without copying frames. */
  static CapturedFrames parse(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    if (magic == 0xd4c3b2a1) {
      b.order(ByteOrder.BIG_ENDIAN);
    } else if (magic != 0xa1b2c3d4) {
      throw new IllegalArgumentException(
          "not a microsecond pcap: magic " + Integer.toHexString(magic));
    }
    int n = 0;
    for (int p = 24; p + 16 <= pcap.length; p += 16 + b.getInt(p + 8)) {
      n++;
    }
    int[] off = new int[n];
    int[] len = new int[n];
    long[] ts = new long[n];
    int i = 0;
    for (int p = 24; p + 16 <= pcap.length; p += 16 + len[i - 1]) {
      ts[i] =
          (b.getInt(p) & 0xffffffffL) * 1_000_000_000L + (b.getInt(p + 4) & 0xffffffffL) * 1000L;
      len[i] = b.getInt(p + 8);
      off[i] = p + 16;
      i++;
    }
    return new CapturedFrames(pcap, off, len, ts, n);
  }

  /** The first {@code n} frames (or all when fewer). */
  public CapturedFrames first(int n) {
    int k = Math.min(n, count);
    return new CapturedFrames(
        data, Arrays.copyOf(off, k), Arrays.copyOf(len, k), Arrays.copyOf(ts, k), k);
  }

  /** Every frame rewritten by {@code edit} (which gets a copy of the frame), in a new array. */
  public CapturedFrames map(UnaryOperator<byte[]> edit) {
    byte[][] frames = new byte[count][];
    int total = 0;
    for (int i = 0; i < count; i++) {
      frames[i] = edit.apply(Arrays.copyOfRange(data, off[i], off[i] + len[i]));
      total += frames[i].length;
    }
    byte[] all = new byte[total];
    int[] offs = new int[count];
    int[] lens = new int[count];
    int p = 0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(frames[i], 0, all, p, frames[i].length);
      offs[i] = p;
      lens[i] = frames[i].length;
      p += lens[i];
    }
    return new CapturedFrames(all, offs, lens, ts.clone(), count);
  }

  /** An 802.1Q tag with {@code vid} inserted after the MAC addresses. */
  public static UnaryOperator<byte[]> vlan(int vid) {
    return f -> {
      byte[] t = new byte[f.length + 4];
      System.arraycopy(f, 0, t, 0, 12);
      t[12] = (byte) 0x81;
      t[13] = 0x00;
      t[14] = (byte) (vid >>> 8);
      t[15] = (byte) vid;
      System.arraycopy(f, 12, t, 16, f.length - 12);
      return t;
    };
  }

  /**
   * The same packet over IPv6: the IPv4 header becomes a 40-byte IPv6 header whose addresses are
   * 2001:db8::a.b.c.d, the transport header and payload are kept (vigie checks no checksum). A
   * frame that is not IPv4 is returned as it is.
   */
  public static byte[] toIpv6(byte[] f) {
    if (f.length < 34 || f[12] != 0x08 || f[13] != 0x00) {
      return f;
    }
    int ihl = (f[14] & 0x0f) * 4;
    int total = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
    int l4 = total - ihl;
    byte[] t = new byte[14 + 40 + l4];
    System.arraycopy(f, 0, t, 0, 12);
    t[12] = (byte) 0x86;
    t[13] = (byte) 0xdd;
    t[14] = 0x60;
    t[18] = (byte) (l4 >>> 8);
    t[19] = (byte) l4;
    t[20] = f[14 + 9]; // next header: the transport protocol
    t[21] = f[14 + 8]; // hop limit from the TTL
    for (int a = 0; a < 2; a++) {
      int dst = 22 + 16 * a;
      t[dst] = 0x20;
      t[dst + 1] = 0x01;
      t[dst + 2] = 0x0d;
      t[dst + 3] = (byte) 0xb8;
      System.arraycopy(f, 14 + 12 + 4 * a, t, dst + 12, 4);
    }
    System.arraycopy(f, 14 + ihl, t, 54, l4);
    return t;
  }
}
