package io.vigie.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.gate.GateSessions;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.SeenEndpoints;
import io.vigie.policy.WindowSet;
import io.vigie.protocol.Gb28181Details;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SipDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The site stage the builder makes runs the vendor-channel stage, and takes its platforms from the
 * config it is built from: a reload that approves a platform silences the registration to it.
 */
class SiteStageVendorChannelTest {
  static final String SITE =
      """
      networks:
        - { name: cameras, cidr: 10.20.1.0/24 }
      devices:
        - { name: cam-08, address: 10.20.1.8, role: camera }
      """;

  static SiteConfig config(String yaml) throws Exception {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  static Session registration() {
    long t = 1_763_629_270_000_000_000L;
    return new Session(
        t,
        t + 1_000_000L,
        "udp",
        "10.20.1.8",
        5060,
        "198.51.100.28",
        5060,
        "1:reg",
        App.GB28181,
        900,
        300,
        3,
        3,
        Direction.OUTBOUND,
        false,
        null,
        null,
        "idle",
        SessionDetails.of(
            new SipDetails("REGISTER", "sip:44010200492000000001@4401020049", "IP Camera", 200),
            new Gb28181Details(
                "34020000001320000008", "44010200492000000001", List.of("Keepalive"))),
        null,
        null);
  }

  private static List<String> notes(SiteConfig c) {
    List<Notice> notices = new ArrayList<>();
    SiteStage stage =
        SiteStage.build(
            c,
            () -> WindowSet.EMPTY,
            new SeenEndpoints(100),
            notices::add,
            s -> {},
            EvidenceSink.NONE,
            new GateSessions(0, 0));
    stage.entry().onSession(registration());
    return notices.stream()
        .map(Notice::note)
        .filter(n -> n.equals("platform_registration"))
        .toList();
  }

  @Test
  void theBuiltStageRaisesRegistrationsAndANewConfigApprovesThem() throws Exception {
    assertEquals(
        List.of("platform_registration"), notes(config(SITE)), "no platforms: nothing is approved");
    assertEquals(
        List.of(),
        notes(
            config(
                SITE
                    + """
        platforms:
          - { name: province, cidrs: [198.51.100.28/32], gb28181_ids: ["44010200492000000001"], devices: [cam-08] }
        """)));
    assertEquals(
        List.of("platform_registration"),
        notes(
            config(
                SITE
                    + """
        platforms:
          - { name: province, cidrs: [198.51.100.28/32], gb28181_ids: ["44010200492000000002"] }
        """)),
        "the same address under another platform id");
  }
}
