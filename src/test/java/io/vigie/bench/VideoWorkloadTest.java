package io.vigie.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.demo.StreamMerger;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VideoWorkloadTest {

  @Test
  void holdsAtLeastThePacketsAskedForWithEveryCameraStreaming() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamMerger.Totals t = VideoWorkload.write(out, 40, 60_000, 1L);
    assertTrue(t.packets() >= 60_000, "packets " + t.packets());
    assertTrue(t.packets() < 60_000 * 1.25, "not wildly more: " + t.packets());
    byte[] pcap = out.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    Set<Integer> rtpSources = new HashSet<>();
    long frames = 0;
    long bigFrames = 0;
    for (int at = 24; at < pcap.length; ) {
      int cap = b.getInt(at + 8);
      int f = at + 16;
      frames++;
      // UDP from port 6970 carrying RTP version 2, payload type 96: a camera's video.
      if ((pcap[f + 23] & 0xff) == 17
          && (((pcap[f + 34] & 0xff) << 8) | (pcap[f + 35] & 0xff)) == 6970
          && (pcap[f + 42] & 0xc0) == 0x80
          && (pcap[f + 43] & 0x7f) == 96) {
        rtpSources.add(ByteBuffer.wrap(pcap, f + 26, 4).getInt());
        if (cap == 1242) {
          bigFrames++;
        }
      }
      at = f + cap;
    }
    assertEquals(t.packets(), frames);
    assertEquals(40, rtpSources.size());
    // Most video packets are full 1200-byte RTP packets (1242 bytes with Ethernet, IP and UDP).
    assertTrue(bigFrames > frames / 2, "full-size RTP frames: " + bigFrames + " of " + frames);
  }

  @Test
  void sameSeedSameBytes() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    VideoWorkload.write(a, 8, 5_000, 9L);
    VideoWorkload.write(b, 8, 5_000, 9L);
    assertArrayEquals(sha.digest(a.toByteArray()), sha.digest(b.toByteArray()));
  }

  @Test
  void refusesNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VideoWorkload.write(new ByteArrayOutputStream(), 0, 10, 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> VideoWorkload.write(new ByteArrayOutputStream(), 5, 0, 1L));
  }
}
