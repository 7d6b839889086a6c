package io.vigie.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A short run of the gate bench: both paths carry the data and time their round trips. */
class GateBenchTest {
  @Test
  void measuresBothPaths() throws Exception {
    List<GateBench.Result> results = new GateBench(4, 200).run();
    assertEquals(List.of("direct", "gate"), results.stream().map(GateBench.Result::path).toList());
    for (GateBench.Result r : results) {
      assertTrue(r.megabytesPerSecond() > 0, r.toString());
      assertTrue(r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r.toString());
    }
  }
}
