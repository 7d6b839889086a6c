package io.vigie.demo;

import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo capture: two minutes of a small city's video network with the vendor's visits at known
 * times. Same bytes on every run.
 *
 * <pre>{@code
 * DemoCapture.Result r = DemoCapture.write(Files.newOutputStream(pcap));
 * r.timeline().forEach(System.out::println);
 * }</pre>
 *
 * <p>Timeline (offsets from {@link #START}, 2026-11-20T09:00:00Z):
 *
 * <pre>
 *   +0.5 s..+119 s  RTSP pulls and RTP video cam-01 -> vms-1, cam-02 -> vms-2
 *   +1..+12 s       NTP from each camera to city-ntp; +13.5 s cam-12 again over IPv6
 *   +2 s            cam-07 resolves telemetry.acme-cloud.example, then TLS to it (phone home)
 *   +5 s, +65 s     vms-1 polls every camera over ONVIF (cam-03 reports new firmware at +65 s)
 *   +30 s           SSH vendor-support -> cam-03          (inside the maintenance window)
 *   +40 s           HTTP POST firmware vendor-support -> cam-03
 *   +50 s           TFTP write vendor-support -> cam-04
 *   +55 s           FTP login, PASV, STOR vendor-support -> cam-06
 *   +68 s           cam-10 registers by GB28181 to vms-1, the city's approved platform
 *   +70 s           cam-08 registers by GB28181 to a foreign platform, then Keepalive
 *   +75 s           cam-09 asks the router (UPnP) to open external port 8554 to its RTSP port
 *   +90 s           SSH vendor-laptop -> cam-05           (outside the window)
 * </pre>
 */
public final class DemoCapture {
  public static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
  public static final Duration LENGTH = Duration.ofSeconds(120);
  static final long SEED = 20261120L;

  /** One thing that happens in the capture, for the lead's maintenance windows and the README. */
  public record Event(Instant at, Instant end, String what, String from, String to, String detail) {
    @Override
    public String toString() {
      return at
          + " .. "
          + end
          + "  "
          + what
          + "  "
          + from
          + " -> "
          + to
          + (detail.isEmpty() ? "" : "  " + detail);
    }
  }

  /** What was written and when things happen in it. */
  public record Result(
      StreamMerger.Totals totals,
      List<Event> timeline,
      FirmwareImage httpImage,
      FirmwareImage tftpImage,
      FirmwareImage ftpImage) {}

  private DemoCapture() {}

  public static Result write(OutputStream out) throws IOException {
    DemoCity city = new DemoCity();
    SplittableRandom seeds = new SplittableRandom(SEED);
    byte[] pool = new byte[1 << 18];
    seeds.nextBytes(pool);
    long t0 = START.getEpochSecond() * 1_000_000_000L;
    long end = t0 + LENGTH.toNanos();
    List<PacketStream> streams = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    Datagrams udp = new Datagrams(seeds.nextLong());

    Host[][] pulls = {{city.camera(1), city.vms1}, {city.camera(2), city.vms2}};
    for (int i = 0; i < pulls.length; i++) {
      Host cam = pulls[i][0];
      Host vms = pulls[i][1];
      long play = t0 + 500_000_000L + i * 300_000_000L;
      long stop = end - 1_000_000_000L;
      int clientPort = 50_000 + 2 * i;
      int serverPort = 6970 + 2 * i;
      RtpStream rtp =
          new RtpStream(
              cam,
              serverPort,
              vms,
              clientPort,
              VideoProfile.SUB_STREAM,
              play + 2_000_000,
              stop,
              seeds.nextLong(),
              pool);
      List<Packet> rtsp =
          Rtsp.pull(
              vms, 41_000 + i, cam, rtp, clientPort, serverPort, play, stop, seeds.nextLong());
      streams.add(new ListStream(rtsp));
      streams.add(rtp);
      events.add(
          event(
              rtsp,
              "rtsp+rtp video",
              vms,
              cam,
              "RTP "
                  + cam.address()
                  + ":"
                  + serverPort
                  + " -> "
                  + vms.address()
                  + ":"
                  + clientPort
                  + ", H.264 PT 96"));
    }

    for (int i = 0; i < city.cameras.size(); i++) {
      Host cam = city.cameras.get(i);
      streams.add(
          new ListStream(
              Ntp.query(udp, cam, city.ntp, t0 + (1 + i) * 1_000_000_000L + i * 7_000_000L)));
    }

    List<Packet> ntp6 = Ntp.query6(udp, city.camera12v6, city.ntp6, t0 + 13_500_000_000L);
    streams.add(new ListStream(ntp6));
    events.add(
        new Event(
            Instant.ofEpochSecond(0, ntp6.get(0).tsNanos()),
            Instant.ofEpochSecond(0, ntp6.get(1).tsNanos()),
            "ntp over ipv6",
            "cam-12 " + city.camera12v6.address(),
            "city-ntp " + city.ntp6.address(),
            ""));

    Host phoner = city.camera(7);
    long dnsAt = t0 + 2_000_000_000L;
    String sni = "telemetry." + DemoCity.VENDOR_DOMAIN;
    List<Packet> lookup =
        Dns.lookup(udp, phoner, 38_211, city.dns, sni, city.vendorCloud, dnsAt, 0x5c1d);
    streams.add(new ListStream(lookup));
    events.add(event(lookup, "dns", phoner, city.dns, sni + " A " + city.vendorCloud.address()));
    List<Packet> tls =
        Tls.session(
            phoner, 45_122, city.vendorCloud, sni, dnsAt + 10_000_000L, 3, seeds.nextLong());
    streams.add(new ListStream(tls));
    events.add(event(tls, "tls phone-home", phoner, city.vendorCloud, "SNI " + sni));

    Onvif.Identity base = new Onvif.Identity("Acme Vision", "AV-D200", "V5.7.3 build 260904", "");
    String newFirmware = "V5.8.0 build 261118";
    for (int round = 0; round < 2; round++) {
      long pollStart = t0 + (5 + 60L * round) * 1_000_000_000L;
      for (int i = 0; i < city.cameras.size(); i++) {
        Host cam = city.cameras.get(i);
        String fw = round == 1 && i == 2 ? newFirmware : base.firmware();
        Onvif.Identity id =
            new Onvif.Identity(
                base.manufacturer(), base.model(), fw, String.format("AV2025%06d", 1_031 + i));
        List<Packet> poll =
            Onvif.poll(
                city.vms1,
                42_000 + round * 100 + i,
                cam,
                id,
                pollStart + i * 500_000_000L,
                seeds.nextLong());
        streams.add(new ListStream(poll));
        if (i == 2) {
          events.add(event(poll, "onvif poll", city.vms1, cam, "FirmwareVersion " + fw));
        }
      }
    }

    Host cam3 = city.camera(3);
    List<Packet> ssh1 =
        Ssh.session(city.vendorSupport, 51_022, cam3, t0 + 30_000_000_000L, 14, seeds.nextLong());
    streams.add(new ListStream(ssh1));
    events.add(event(ssh1, "ssh", city.vendorSupport, cam3, "inside the maintenance window"));

    FirmwareImage image = FirmwareImage.of("AV-D200", newFirmware, 262_144, seeds.nextLong());
    List<Packet> post =
        FirmwareTransfers.httpPost(
            city.vendorSupport, 51_030, cam3, image, t0 + 40_000_000_000L, seeds.nextLong());
    streams.add(new ListStream(post));
    events.add(
        event(
            post,
            "http firmware post",
            city.vendorSupport,
            cam3,
            image.fileName() + " " + image.bytes().length + " bytes sha256 " + image.sha256()));

    Host cam4 = city.camera(4);
    FirmwareImage plugin =
        FirmwareImage.of("AV-Analytics", "V2.1.0 plugin", 20_000, seeds.nextLong());
    List<Packet> tftp =
        FirmwareTransfers.tftpWrite(
            udp, city.vendorSupport, 49_200, cam4, 50_123, plugin, t0 + 50_000_000_000L);
    streams.add(new ListStream(tftp));
    events.add(
        event(
            tftp,
            "tftp write",
            city.vendorSupport,
            cam4,
            plugin.fileName() + " " + plugin.bytes().length + " bytes sha256 " + plugin.sha256()));

    Host cam6 = city.camera(6);
    FirmwareImage config =
        FirmwareImage.of("AV-D200-config", "2026-11-20 backup", 65_536, seeds.nextLong());
    List<Packet> ftp =
        Ftp.passiveStore(
            city.vendorSupport,
            52_000,
            52_001,
            cam6,
            50_000,
            "support",
            config,
            t0 + 55_000_000_000L,
            seeds.nextLong());
    streams.add(new ListStream(ftp));
    events.add(
        event(
            ftp,
            "ftp stor (passive)",
            city.vendorSupport,
            cam6,
            config.fileName() + " " + config.bytes().length + " bytes sha256 " + config.sha256()));

    Host cam5 = city.camera(5);
    List<Packet> ssh2 =
        Ssh.session(city.vendorLaptop, 53_411, cam5, t0 + 90_000_000_000L, 10, seeds.nextLong());
    streams.add(new ListStream(ssh2));
    events.add(event(ssh2, "ssh", city.vendorLaptop, cam5, "outside the maintenance window"));

    // Drawn after everything above, so that the earlier sessions keep their bytes.
    Host cam8 = city.camera(8);
    List<Packet> gb =
        VendorChannels.gb28181Register(
            udp,
            cam8,
            city.foreignPlatform,
            "34020000001320000008",
            DemoCity.FOREIGN_PLATFORM_ID,
            t0 + 70_000_000_000L);
    streams.add(new ListStream(gb));
    events.add(
        event(
            gb,
            "gb28181 register",
            cam8,
            city.foreignPlatform,
            "platform id "
                + DemoCity.FOREIGN_PLATFORM_ID
                + " (the city's is "
                + DemoCity.CITY_PLATFORM_ID
                + "), then Keepalive"));

    Host cam10 = city.camera(10);
    List<Packet> gbCity =
        VendorChannels.gb28181Register(
            udp,
            cam10,
            city.vms1,
            "34020000001320000010",
            DemoCity.CITY_PLATFORM_ID,
            t0 + 68_000_000_000L);
    streams.add(new ListStream(gbCity));
    events.add(
        event(
            gbCity,
            "gb28181 register",
            cam10,
            city.vms1,
            "platform id "
                + DemoCity.CITY_PLATFORM_ID
                + ", the city's own (approved in site.yaml), then Keepalive"));

    Host cam9 = city.camera(9);
    List<Packet> upnp =
        VendorChannels.upnpAddPortMapping(
            cam9, 43_000, city.router, 8554, 554, t0 + 75_000_000_000L, seeds.nextLong());
    streams.add(new ListStream(upnp));
    events.add(
        event(
            upnp,
            "upnp AddPortMapping",
            cam9,
            city.router,
            "external port 8554 -> " + cam9.address() + ":554"));

    events.sort(java.util.Comparator.comparing(Event::at));
    try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 65_535)) {
      StreamMerger.Totals totals = StreamMerger.write(streams, w);
      return new Result(totals, List.copyOf(events), image, plugin, config);
    }
  }

  private static Event event(List<Packet> packets, String what, Host from, Host to, String detail) {
    long first = packets.get(0).tsNanos();
    long last = packets.get(packets.size() - 1).tsNanos();
    return new Event(
        Instant.ofEpochSecond(0, first),
        Instant.ofEpochSecond(0, last),
        what,
        from.name() + " " + from.address(),
        to.name() + " " + to.address(),
        detail);
  }
}
