package io.vigie.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.journal.BaselineFile;
import io.vigie.firmware.onvif.OnvifResponsesTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
  @TempDir Path dir;

  private static Baseline baseline() throws Exception {
    return new Baseline(
        1_763_863_200_123_000_000L, Map.of("cam-acme", OnvifResponsesTest.acmeState()));
  }

  @Test
  void writesAndReadsBackTheSameStates() throws Exception {
    Baseline b = baseline();
    Path f = dir.resolve("baseline.json");
    BaselineFile.write(b, f);
    Baseline back = BaselineFile.read(f);
    assertEquals(b, back);
    assertEquals(b.digest(), back.digest());
    String json = Files.readString(f);
    assertTrue(json.contains("\"created\" : \"2025-11-23T02:00:00.123Z\""), json);
    assertFalse(json.contains("hunter2"), "a camera password reached the baseline");
  }

  @Test
  void refusesAStateEditedWithoutItsFingerprint() throws Exception {
    Path f = dir.resolve("baseline.json");
    BaselineFile.write(baseline(), f);
    String edited = Files.readString(f).replace("2.4.1 build 20260901", "2.4.2 build 20261001");
    BaselineFile.BadBaseline e =
        assertThrows(
            BaselineFile.BadBaseline.class,
            () -> BaselineFile.parse("b.json", edited.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "b.json: cameras.cam-acme.fingerprint does not match its state (edited by hand?)",
        e.getMessage());
    assertThrows(
        BaselineFile.BadBaseline.class,
        () -> BaselineFile.parse("b.json", "{".getBytes(StandardCharsets.UTF_8)));
    assertTrue(
        assertThrows(
                BaselineFile.BadBaseline.class, () -> BaselineFile.read(dir.resolve("none.json")))
            .getMessage()
            .endsWith("no such file"));
  }

  @Test
  void aProposalTakesEffectOnlyAfterTwoDistinctApproversOtherThanTheProposer() throws Exception {
    Baseline b = baseline();
    String d = b.digest();
    BaselineProposal p = BaselineProposal.of(b, "alice");
    assertThrows(IllegalArgumentException.class, () -> p.approve("alice", d));
    assertThrows(IllegalArgumentException.class, () -> p.approve("bob", "sha256:other"));
    BaselineProposal one = p.approve("bob", d);
    assertFalse(one.effective());
    assertThrows(IllegalArgumentException.class, () -> one.approve("bob", d));

    List<EvidenceRecord> ev = new ArrayList<>();
    BaselineHolder holder = new BaselineHolder(null, ev::add);
    assertThrows(IllegalStateException.class, () -> holder.accept(one, 5));
    assertTrue(holder.current().isEmpty());

    BaselineProposal two = one.approve("carol", d);
    assertTrue(two.effective());
    holder.accept(two, 7);
    assertEquals(b, holder.current().orElseThrow());
    assertEquals(1, ev.size());
    assertEquals("baseline", ev.get(0).kind());
    assertEquals(List.of("bob", "carol"), ev.get(0).fields().get("approvers"));
    assertEquals(d, ev.get(0).fields().get("digest"));
  }
}
