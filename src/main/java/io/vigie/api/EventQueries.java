package io.vigie.api;

import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import java.time.Instant;
import java.util.List;

/**
 * What the API asks of the evidence store about notices and sessions. The store implements it;
 * calls run on the API's blocking executor, so an implementation may do JDBC.
 *
 * <pre>{@code
 * List<Notice> n = queries.notices(new NoticeQuery(from, null, "vendor_access_outside_window",
 *     "cam-001", null, 100));
 * }</pre>
 *
 * <p>Contract for both methods: every filter that is null matches everything; {@code from} is
 * inclusive and {@code to} exclusive, on the notice's time or the session's start; results are
 * newest first and at most {@code limit} long.
 */
public interface EventQueries {

  List<Notice> notices(NoticeQuery query);

  List<Session> sessions(SessionQuery query);

  /**
   * @param type notice type ({@link Notice#note()})
   * @param device camera or device name ({@link Notice#camera()})
   * @param window window id ({@link Notice#window()})
   */
  record NoticeQuery(
      Instant from, Instant to, String type, String device, String window, int limit) {}

  /**
   * @param app application recognised ({@link Session#app()})
   * @param device device name or address, either side of the session (orig/resp name or address)
   * @param window window id ({@link Session#window()})
   */
  record SessionQuery(Instant from, Instant to, App app, String device, String window, int limit) {}
}
