package io.vigie.bench;

import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.demo.Datagrams;
import io.vigie.demo.Dns;
import io.vigie.demo.FirmwareImage;
import io.vigie.demo.FirmwareTransfers;
import io.vigie.demo.Host;
import io.vigie.demo.ListStream;
import io.vigie.demo.Ntp;
import io.vigie.demo.Onvif;
import io.vigie.demo.PacketStream;
import io.vigie.demo.RtpStream;
import io.vigie.demo.Rtsp;
import io.vigie.demo.Ssh;
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
 * A video network under load, for benchmarks: every camera streams its main stream (H.264 over RTP,
 * about 135 packets/s) to one of two video servers after an RTSP pull, the servers poll every
 * camera over ONVIF each minute, cameras ask the city's NTP server the time, and the vendor visits
 * a few times (SSH, TLS phone-home, an HTTP firmware upload). The length is chosen so that the file
 * holds at least the packets asked for.
 *
 * <pre>{@code
 * StreamMerger.Totals t = VideoWorkload.write(out, 300, 2_500_000, 1L);
 * }</pre>
 */
public final class VideoWorkload {
  static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
  private static final long SECOND = 1_000_000_000L;

  private VideoWorkload() {}

  public static StreamMerger.Totals write(OutputStream out, int cameras, long packets, long seed)
      throws IOException {
    if (cameras < 1 || cameras > 250 * 200) {
      throw new IllegalArgumentException("cameras must be in 1..50000, was " + cameras);
    }
    if (packets < 1) {
      throw new IllegalArgumentException("packets must be positive, was " + packets);
    }
    VideoProfile profile = VideoProfile.MAIN_STREAM;
    double rate = cameras * profile.meanPacketsPerSecond();
    // 4 % over the mean covers the random frame sizes; streams start within 2 s and stop 1 s early.
    long lengthNanos = (long) (packets / rate * 1.04 * SECOND) + 2_200_000_000L;
    SplittableRandom seeds = new SplittableRandom(seed);
    byte[] pool = new byte[1 << 20];
    seeds.nextBytes(pool);
    long t0 = START.getEpochSecond() * SECOND;
    long end = t0 + lengthNanos;
    Datagrams udp = new Datagrams(seeds.nextLong());
    Host[] servers = {Host.of("vms-1", "10.20.0.10"), Host.of("vms-2", "10.20.0.11")};
    Host ntp = Host.of("city-ntp", "10.0.0.5");
    Host dns = Host.of("city-dns", "10.0.0.53");
    Host vendor = Host.remote("vendor-support", "203.0.113.50");
    Host cloud = Host.remote("telemetry.acme-cloud.example", "203.0.113.20");
    Onvif.Identity identity =
        new Onvif.Identity("Acme Vision", "AV-M400", "V5.7.3 build 260904", "");

    List<PacketStream> streams = new ArrayList<>();
    List<Host> cams = new ArrayList<>();
    for (int i = 0; i < cameras; i++) {
      Host cam =
          Host.of(String.format("cam-%05d", i + 1), "10.20." + (1 + i / 250) + "." + (1 + i % 250));
      cams.add(cam);
      Host vms = servers[i % 2];
      int k = i / 2;
      int clientPort = 20_000 + 2 * (k % 20_000);
      long play = t0 + 100_000_000L + (long) i * 2 * SECOND / cameras;
      RtpStream rtp =
          new RtpStream(
              cam,
              6970,
              vms,
              clientPort,
              profile,
              play + 2_000_000,
              end - SECOND,
              seeds.nextLong(),
              pool);
      streams.add(rtp);
      streams.add(
          new ListStream(
              Rtsp.pull(
                  vms,
                  40_000 + (k % 20_000),
                  cam,
                  rtp,
                  clientPort,
                  6970,
                  play,
                  end - SECOND,
                  seeds.nextLong())));
      streams.add(new ListStream(Ntp.query(udp, cam, ntp, play + 300_000_000L)));
      for (long poll = t0 + 5 * SECOND + (long) i * 30 * SECOND / cameras, round = 0;
          poll < end - 2 * SECOND;
          poll += 60 * SECOND, round++) {
        streams.add(
            new ListStream(
                Onvif.poll(
                    vms,
                    30_000 + (int) ((k + round * 7) % 9_000),
                    cam,
                    identity,
                    poll,
                    seeds.nextLong())));
      }
    }
    // The vendor's visits, spread over the run.
    for (int v = 0; v < 3; v++) {
      long at = t0 + lengthNanos * (v + 1) / 5;
      Host cam = cams.get((v * 97) % cameras);
      streams.add(new ListStream(Ssh.session(vendor, 51_000 + v, cam, at, 12, seeds.nextLong())));
      Host phoner = cams.get((v * 131 + 7) % cameras);
      streams.add(
          new ListStream(
              Dns.lookup(
                  udp, phoner, 38_000 + v, dns, cloud.name(), cloud, at + 2 * SECOND, 0x100 + v)));
      streams.add(
          new ListStream(
              Tls.session(
                  phoner,
                  45_000 + v,
                  cloud,
                  cloud.name(),
                  at + 2 * SECOND + 5_000_000,
                  3,
                  seeds.nextLong())));
    }
    FirmwareImage image =
        FirmwareImage.of("AV-M400", "V5.8.0 build 261118", 1 << 20, seeds.nextLong());
    streams.add(
        new ListStream(
            FirmwareTransfers.httpPost(
                vendor,
                51_100,
                cams.get(cameras / 2),
                image,
                t0 + lengthNanos / 2,
                seeds.nextLong())));
    try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 65_535)) {
      return StreamMerger.write(streams, w);
    }
  }
}
