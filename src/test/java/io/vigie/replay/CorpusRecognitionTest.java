package io.vigie.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.output.ReplayStats;
import io.vigie.pipeline.Replay;
import io.vigie.policy.WindowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every capture of the shared corpus: each application its MANIFEST lists must be
 * recognised by content, and no file may crash the replay.
 */
class CorpusRecognitionTest {

  @TestFactory
  Stream<DynamicTest> everyListedApplicationIsRecognised() throws Exception {
    return SharedCorpus.entries().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.file().getFileName().toString(),
                    () -> {
                      List<Session> sessions = new ArrayList<>();
                      ReplayStats st =
                          new Replay(
                                  SiteConfig.empty(),
                                  WindowSet.EMPTY,
                                  PacketRecorder.NONE,
                                  Replay.output(sessions::add, n -> {}))
                              .run(List.of(e.file()), p -> {});
                      assertEquals(e.packets(), st.packets(), "packets read from " + e.file());
                      Set<String> found =
                          sessions.stream()
                              .flatMap(s -> s.apps().stream())
                              .map(a -> a.wireName())
                              .collect(Collectors.toCollection(TreeSet::new));
                      Set<String> missing = new TreeSet<>(e.expectedApps());
                      missing.removeAll(found);
                      assertTrue(
                          missing.isEmpty(),
                          e.file().getFileName()
                              + ": not recognised "
                              + missing
                              + " (found "
                              + found
                              + ")");
                    }));
  }
}
