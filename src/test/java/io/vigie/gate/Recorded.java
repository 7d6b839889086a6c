package io.vigie.gate;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Evidence and notices the gate produced, with waits bounded by a deadline. */
final class Recorded implements EvidenceSink, NoticeSink {
  final List<EvidenceRecord> evidence = new CopyOnWriteArrayList<>();
  final List<Notice> notices = new CopyOnWriteArrayList<>();

  @Override
  public void append(EvidenceRecord r) {
    evidence.add(r);
  }

  @Override
  public void onNotice(Notice n) {
    notices.add(n);
  }

  GateEvents events() {
    return new GateEvents(this, this);
  }

  EvidenceRecord awaitEvidence(Predicate<EvidenceRecord> p, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (EvidenceRecord r : evidence) {
        if (p.test(r)) {
          return r;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no matching evidence within " + timeout + "; have " + evidence);
  }

  Notice awaitNotice(Predicate<Notice> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Notice n : notices) {
        if (p.test(n)) {
          return n;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no matching notice within " + timeout + "; have " + notices);
  }
}
