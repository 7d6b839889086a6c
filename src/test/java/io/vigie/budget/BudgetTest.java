package io.vigie.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void oneSourceGetsItsShareAndTheTotalHolds() throws Exception {
    SourceBudget b = new SourceBudget(4, 2);
    InetAddress a = InetAddress.getByName("127.0.0.2");
    InetAddress c = InetAddress.getByName("127.0.0.3");
    InetAddress d = InetAddress.getByName("127.0.0.4");
    assertEquals(SourceBudget.Verdict.OK, b.tryAcquire(a));
    assertEquals(SourceBudget.Verdict.OK, b.tryAcquire(a));
    assertEquals(SourceBudget.Verdict.PER_SOURCE, b.tryAcquire(a));
    assertEquals(SourceBudget.Verdict.OK, b.tryAcquire(c));
    assertEquals(SourceBudget.Verdict.OK, b.tryAcquire(c));
    assertEquals(SourceBudget.Verdict.TOTAL, b.tryAcquire(d));
    assertEquals(4, b.held());
    b.release(a);
    assertEquals(SourceBudget.Verdict.OK, b.tryAcquire(d));
    assertEquals("too_many_pending_per_source", SourceBudget.Verdict.PER_SOURCE.reason("pending"));
    b.release(a);
    b.release(c);
    b.release(c);
    b.release(d);
    assertEquals(0, b.held());
    assertThrows(
        IllegalStateException.class,
        () -> b.release(a),
        "a release without acquire is a bug, not a no-op");
  }

  @Test
  void aFloodWritesABurstPerIntervalAndThenSaysHowManyWereHeldBack() {
    long[] now = {0};
    List<String> out = new ArrayList<>();
    RateLimitedLog log = new RateLimitedLog(3, Duration.ofSeconds(60), () -> now[0], out::add);
    for (int i = 0; i < 1000; i++) {
      int n = i;
      log.log(() -> "line " + n);
    }
    assertEquals(List.of("line 0", "line 1", "line 2"), out);
    assertEquals(997, log.held());
    now[0] += Duration.ofSeconds(60).toNanos();
    assertTrue(log.log(() -> "later"));
    assertEquals("later (997 similar lines held back)", out.get(3));
    assertEquals(0, log.held());
  }
}
