package io.vigie.daemon;

import io.vigie.api.EventQueries;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The API's view of notices and sessions: the most recent ones since this process started, kept in
 * memory (a bounded ring each). The full, tamper-evident history is the evidence store's ({@code
 * vigie evidence timeline}); this answers "what is happening now" without a query on the database
 * the writer thread is filling.
 *
 * <pre>{@code
 * RecentEvents recent = new RecentEvents(10_000);
 * builder.output(Output.of(recent, recent));        // one entry of the pipeline's output list
 * new ApiServer(apiConfig, windows, recent, store, clock);
 * }</pre>
 *
 * <p>Appends come from capture threads once per session (never per packet); queries from the API's
 * worker threads. One lock, held for a copy at most.
 */
public final class RecentEvents implements EventQueries, SessionSink, NoticeSink {
  private final int capacity;
  private final ArrayDeque<Notice> notices = new ArrayDeque<>();
  private final ArrayDeque<Session> sessions = new ArrayDeque<>();

  public RecentEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void onNotice(Notice n) {
    if (notices.size() == capacity) {
      notices.removeFirst();
    }
    notices.addLast(n);
  }

  @Override
  public synchronized void onSession(Session s) {
    if (sessions.size() == capacity) {
      sessions.removeFirst();
    }
    sessions.addLast(s);
  }

  @Override
  public List<Notice> notices(NoticeQuery q) {
    List<Notice> out = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Notice> it = notices.descendingIterator();
          it.hasNext() && out.size() < q.limit(); ) {
        Notice n = it.next();
        if (inRange(n.tsNanos(), q.from(), q.to())
            && (q.type() == null || q.type().equals(n.note()))
            && (q.device() == null || q.device().equals(n.camera()))
            && (q.window() == null || q.window().equals(n.window()))) {
          out.add(n);
        }
      }
    }
    return out;
  }

  @Override
  public List<Session> sessions(SessionQuery q) {
    List<Session> out = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Session> it = sessions.descendingIterator();
          it.hasNext() && out.size() < q.limit(); ) {
        Session s = it.next();
        if (inRange(s.startNanos(), q.from(), q.to())
            && (q.app() == null || q.app() == s.app())
            && (q.device() == null || matchesDevice(s, q.device()))
            && (q.window() == null || q.window().equals(s.window()))) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static boolean matchesDevice(Session s, String device) {
    return device.equals(s.origName())
        || device.equals(s.respName())
        || device.equals(s.origH())
        || device.equals(s.respH());
  }

  private static boolean inRange(long tsNanos, Instant from, Instant to) {
    return (from == null || tsNanos >= nanos(from)) && (to == null || tsNanos < nanos(to));
  }

  private static long nanos(Instant t) {
    Objects.requireNonNull(t);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
