package io.vigie.api;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tests only: {@link EventQueries} over lists, following the interface's contract, and noting the
 * thread of each call (queries must not run on an event loop).
 */
final class InMemoryEventQueries implements EventQueries {
  final List<Notice> notices = new CopyOnWriteArrayList<>();
  final List<Session> sessions = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public List<Notice> notices(NoticeQuery q) {
    threads.add(Thread.currentThread().getName());
    List<Notice> out = new ArrayList<>();
    for (Notice n : notices) {
      if (inRange(n.tsNanos(), q.from(), q.to())
          && matches(q.type(), n.note())
          && matches(q.device(), n.camera())
          && matches(q.window(), n.window())) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparingLong(Notice::tsNanos).reversed());
    return out.subList(0, Math.min(q.limit(), out.size()));
  }

  @Override
  public List<Session> sessions(SessionQuery q) {
    threads.add(Thread.currentThread().getName());
    List<Session> out = new ArrayList<>();
    for (Session s : sessions) {
      boolean device =
          q.device() == null
              || q.device().equals(s.origName())
              || q.device().equals(s.respName())
              || q.device().equals(s.origH())
              || q.device().equals(s.respH());
      if (inRange(s.startNanos(), q.from(), q.to())
          && (q.app() == null || q.app() == s.app())
          && device
          && matches(q.window(), s.window())) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingLong(Session::startNanos).reversed());
    return out.subList(0, Math.min(q.limit(), out.size()));
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || Objects.equals(wanted, value);
  }

  private static boolean inRange(long nanos, Instant from, Instant to) {
    return (from == null || nanos >= nanos(from)) && (to == null || nanos < nanos(to));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
