package io.vigie.bench;

import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.demo.Datagrams;
import io.vigie.demo.Dns;
import io.vigie.demo.Host;
import io.vigie.demo.ListStream;
import io.vigie.demo.Ntp;
import io.vigie.demo.Onvif;
import io.vigie.demo.PacketStream;
import io.vigie.demo.RtpStream;
import io.vigie.demo.StreamMerger;
import io.vigie.demo.Tls;
import io.vigie.demo.VideoProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The second benchmark workload, of another shape than {@link VideoWorkload}: the control plane of
 * a video network rather than its video. Every camera sends only a low-resolution sub-stream (small
 * RTP packets, 10 fps), a video server polls it over ONVIF every 10 s (one short TCP session each),
 * it resolves a name every 20 s, asks the time every 30 s, and one camera in ten phones home over
 * TLS every 30 s. Many short flows, small packets: flow creation, recognisers and session output
 * weigh here, where the video workload mostly tests the steady packet path.
 *
 * <pre>{@code
 * StreamMerger.Totals t = ControlWorkload.write(out, 300, 2_500_000, 1L);
 * }</pre>
 */
public final class ControlWorkload {
  static final Instant START = Instant.parse("2026-11-21T08:00:00Z");
  private static final long SECOND = 1_000_000_000L;

  /**
   * Packets a camera adds per second, measured on this generator (sub-stream, polls, names, time
   * and its share of TLS); the length is sized from it so that the file holds what is asked.
   */
  static final double PACKETS_PER_CAMERA_SECOND = 12.5;

  /** A low-resolution sub-stream (CIF, 10 fps, about 40 kbit/s): small RTP packets. */
  static final VideoProfile LOW_SUB_STREAM = new VideoProfile(10, 20, 1_500, 2_500, 150, 700);

  private ControlWorkload() {}

  public static StreamMerger.Totals write(OutputStream out, int cameras, long packets, long seed)
      throws IOException {
    if (cameras < 1 || cameras > 250 * 200) {
      throw new IllegalArgumentException("cameras must be in 1..50000, was " + cameras);
    }
    if (packets < 1) {
      throw new IllegalArgumentException("packets must be positive, was " + packets);
    }
    long lengthNanos =
        (long) (packets / (cameras * PACKETS_PER_CAMERA_SECOND) * SECOND) + 4 * SECOND;
    SplittableRandom seeds = new SplittableRandom(seed);
    byte[] pool = new byte[1 << 20];
    seeds.nextBytes(pool);
    long t0 = START.getEpochSecond() * SECOND;
    long end = t0 + lengthNanos;
    Datagrams udp = new Datagrams(seeds.nextLong());
    Host[] servers = {Host.of("vms-1", "10.20.0.10"), Host.of("vms-2", "10.20.0.11")};
    Host ntp = Host.of("city-ntp", "10.0.0.5");
    Host dns = Host.of("city-dns", "10.0.0.53");
    Host cloud = Host.remote("telemetry.acme-cloud.example", "203.0.113.20");
    Onvif.Identity identity =
        new Onvif.Identity("Acme Vision", "AV-S200", "V5.7.3 build 260904", "");
    List<PacketStream> streams = new ArrayList<>();
    int flowPort = 0;
    for (int i = 0; i < cameras; i++) {
      Host cam =
          Host.of(String.format("cam-%05d", i + 1), "10.20." + (1 + i / 250) + "." + (1 + i % 250));
      Host vms = servers[i % 2];
      long offset = (long) i * SECOND / cameras;
      streams.add(
          new RtpStream(
              cam,
              6970,
              vms,
              20_000 + 2 * (i / 2 % 20_000),
              LOW_SUB_STREAM,
              t0 + offset,
              end - SECOND,
              seeds.nextLong(),
              pool));
      for (long t = t0 + offset; t < end - 2 * SECOND; t += 10 * SECOND) {
        streams.add(
            new ListStream(Onvif.poll(vms, port(flowPort++), cam, identity, t, seeds.nextLong())));
      }
      for (long t = t0 + offset + 300_000_000L; t < end - SECOND; t += 20 * SECOND) {
        streams.add(
            new ListStream(
                Dns.lookup(
                    udp,
                    cam,
                    port(flowPort++),
                    dns,
                    cloud.name(),
                    cloud,
                    t,
                    seeds.nextInt(1 << 16))));
      }
      for (long t = t0 + offset + 600_000_000L; t < end - SECOND; t += 30 * SECOND) {
        streams.add(new ListStream(Ntp.query(udp, cam, ntp, t)));
      }
      if (i % 10 == 0) {
        for (long t = t0 + offset + 900_000_000L; t < end - 2 * SECOND; t += 30 * SECOND) {
          streams.add(
              new ListStream(
                  Tls.session(cam, port(flowPort++), cloud, cloud.name(), t, 2, seeds.nextLong())));
        }
      }
    }
    try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 65_535)) {
      return StreamMerger.write(streams, w);
    }
  }

  /** Ephemeral ports in turn, so that no two short sessions of a run share a 5-tuple. */
  private static int port(int n) {
    return 32_768 + n % 28_000;
  }
}
