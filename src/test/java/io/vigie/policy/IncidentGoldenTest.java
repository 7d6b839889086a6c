package io.vigie.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.SeenEndpoints;
import io.vigie.policy.journal.WindowsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An incident re-judged offline, as {@code replay --windows} does: the sessions of
 * incident-sessions.txt through the policy stage with windows.yaml, compared with the golden file
 * of verdicts and notices beside them.
 */
class IncidentGoldenTest {

  private static Path resource(String name) throws Exception {
    return Path.of(IncidentGoldenTest.class.getResource(name).toURI());
  }

  @Test
  void verdictsAndNoticesMatchTheGoldenFile() throws Exception {
    SiteConfig site = YamlLoader.load(resource("site-approval.yaml"), SiteConfig.class);
    WindowSet windows = WindowsFile.load(resource("windows.yaml"), site);
    List<String> out = new ArrayList<>();
    NoticeFilter notices = new NoticeFilter(Duration.ofMinutes(10), 1000, n -> out.add(notice(n)));
    PolicyStage stage =
        new PolicyStage(
            new TestSite(),
            () -> windows,
            new SeenEndpoints(1000),
            notices,
            s ->
                out.add(
                    "session "
                        + s.origH()
                        + " > "
                        + s.respH()
                        + " "
                        + s.app()
                        + " verdict="
                        + s.verdict()
                        + " window="
                        + s.window()),
            PolicyMetrics.NONE);
    for (String line : Files.readAllLines(resource("incident-sessions.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      Session s =
          Sessions.session(
              f[2],
              f[3],
              Integer.parseInt(f[4]),
              App.fromWireName(f[5]),
              Windows.at(f[0]),
              Windows.at(f[1]));
      stage.onSession(s);
    }
    String golden = Files.readString(resource("incident-verdicts.golden"), StandardCharsets.UTF_8);
    assertEquals(golden, String.join("\n", out) + "\n");
  }

  private static String notice(Notice n) {
    return "notice "
        + Window.instantOfNanos(n.tsNanos())
        + " "
        + n.note()
        + " "
        + n.severity()
        + " window="
        + n.window()
        + " id="
        + n.id()
        + " msg="
        + n.msg();
  }
}
