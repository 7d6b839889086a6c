package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.decode.DecodedPacket;
import io.vigie.flow.Session;
import io.vigie.net.IpAddress;
import io.vigie.notice.Notice;
import io.vigie.pipeline.Output;
import io.vigie.pipeline.Pipeline;
import io.vigie.pipeline.PipelineBuilder;
import io.vigie.policy.WindowSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload on real pipelines and a real config file: whole or nothing, every pipeline switched,
 * refusals counted with their reason.
 */
class ConfigReloadTest {
  private static final String SITE =
      """
      site: { name: test }
      networks:
        - { name: cameras, cidr: 10.20.1.0/24 }
      devices:
        - { name: cam-1, address: 10.20.1.1, role: camera }
      flows: { max_flows: 1000 }
      """;
  private static final String CAM_2 = "  - { name: cam-2, address: 10.20.1.2, role: camera }\n";
  private static final String WITH_CAM_2 = SITE.replace("devices:\n", "devices:\n" + CAM_2);

  @TempDir Path dir;

  private Path file;
  private final List<Session> sessions = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private final List<SiteConfig> followed = new ArrayList<>();
  private final List<Pipeline> pipelines = new ArrayList<>();
  private ConfigReload reload;

  @BeforeEach
  void running() throws Exception {
    file = dir.resolve("site.yaml");
    Files.writeString(file, SITE);
    SiteConfig config = YamlLoader.load(file, SiteConfig.class);
    reload = new ConfigReload(file, config);
    PipelineBuilder builder =
        new PipelineBuilder(config, () -> WindowSet.EMPTY)
            .output(Output.of(sessions::add, notices::add));
    for (int i = 0; i < 2; i++) {
      Pipeline p = builder.build();
      pipelines.add(p);
      reload.attach(p);
    }
    reload.follow(followed::add);
  }

  /** One DNS query from {@code from} through pipeline {@code i}, ended at once: its session. */
  private Session sessionFrom(int i, String from) {
    return sessionFrom(i, from, "10.0.0.53");
  }

  private Session sessionFrom(int i, String from, String to) {
    DecodedPacket p = new DecodedPacket();
    IpAddress.Parsed s = IpAddress.parse(from);
    IpAddress.Parsed d = IpAddress.parse(to);
    p.tsNanos = 1_000_000_000L;
    p.ipVersion = 4;
    p.srcHi = s.hi();
    p.srcLo = s.lo();
    p.dstHi = d.hi();
    p.dstLo = d.lo();
    p.srcPort = 40000;
    p.dstPort = 53;
    p.ipProto = DecodedPacket.PROTO_UDP;
    p.transportOff = -1;
    p.payload = new byte[0];
    pipelines.get(i).flows().onPacket(p);
    pipelines.get(i).flows().flush();
    return sessions.get(sessions.size() - 1);
  }

  @Test
  void beforeTheDaemonRunsAndOnceItStopsAReloadIsRefused() throws Exception {
    Files.writeString(file, WITH_CAM_2);
    ConfigReload.Result r = reload.reload();
    assertFalse(r.applied());
    assertTrue(r.message().contains("starting"), r.message());
    reload.running();
    reload.stopping();
    r = reload.reload();
    assertFalse(r.applied());
    assertTrue(r.message().contains("stopping"), r.message());
    assertEquals(2, reload.refused());
    assertEquals(0, reload.applied());
    assertNull(sessionFrom(0, "10.20.1.2").origName(), "nothing switched");
  }

  @Test
  void aGoodSiteChangeSwitchesEveryPipelineAndThePartsThatFollow() throws Exception {
    reload.running();
    assertNull(sessionFrom(0, "10.20.1.2").origName());
    Files.writeString(file, WITH_CAM_2);
    ConfigReload.Result r = reload.reload();
    assertTrue(r.applied(), r.message());
    assertEquals("cam-2", sessionFrom(0, "10.20.1.2").origName());
    assertEquals("cam-2", sessionFrom(1, "10.20.1.2").origName());
    assertEquals(2, reload.config().devices().size());
    assertEquals(1, followed.size());
    assertSame(reload.config(), followed.get(0));
    assertEquals(1, reload.applied());
    assertTrue(reload.command("reload").startsWith("ok reloaded"));
    assertEquals(2, reload.applied());
  }

  @Test
  void theNoticeFilterAndTheEndpointMemoryOutliveAReload() throws Exception {
    reload.running();
    sessionFrom(0, "10.20.1.1", "198.51.100.7");
    List<String> first = notices.stream().map(Notice::note).toList();
    assertTrue(
        first.contains("phone_home") && first.contains("new_external_endpoint"), first.toString());
    Files.writeString(file, WITH_CAM_2);
    assertTrue(reload.reload().applied());
    notices.clear();
    sessionFrom(0, "10.20.1.1", "198.51.100.7");
    // Same fact within the suppression interval, endpoint already seen: nothing new after the
    // reload.
    assertEquals(List.of(), notices);
    // The other pipeline has its own memory: it was never told.
    sessionFrom(1, "10.20.1.1", "198.51.100.7");
    assertTrue(
        notices.stream().anyMatch(n -> n.note().equals("new_external_endpoint")),
        notices.toString());
  }

  @Test
  void aBadFileOrARestartOnlyChangeIsRefusedAndTheRunningSiteStays() throws Exception {
    reload.running();
    SiteConfig before = reload.config();
    Files.writeString(file, WITH_CAM_2.replace("10.20.1.1,", "10.20.1.999,"));
    ConfigReload.Result bad = reload.reload();
    assertFalse(bad.applied());
    assertTrue(
        bad.message().contains("site.yaml") && bad.message().contains("devices"), bad.message());

    Files.writeString(file, WITH_CAM_2.replace("max_flows: 1000", "max_flows: 2000"));
    ConfigReload.Result restart = reload.reload();
    assertFalse(restart.applied());
    assertTrue(restart.message().contains("flows changed"), restart.message());

    assertTrue(reload.command("reload").startsWith("refused "));
    assertEquals(3, reload.refused());
    assertSame(before, reload.config());
    assertEquals(List.of(), followed);
    assertNull(sessionFrom(0, "10.20.1.2").origName(), "the running site stays");
    assertEquals("cam-1", sessionFrom(1, "10.20.1.1").origName());
    assertFalse(reload.forApi().reload().applied());
    assertTrue(reload.command("nonsense").startsWith("error unknown command"));
  }
}
