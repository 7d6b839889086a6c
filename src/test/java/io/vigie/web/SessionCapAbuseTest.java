package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.AppLimits;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 5: one user logging in 1,000 times dropped the oldest sessions of the whole
 * server, so every other user was logged out. Now each person has their own budget of sessions and
 * a full server refuses new logins instead of ending anyone's session.
 */
@Tag("abuse")
class SessionCapAbuseTest {
  @TempDir Path dir;

  private static Visitor loggedIn(WebKit kit, String principal) throws Exception {
    Visitor v = new Visitor(kit);
    HttpResponse<String> r = v.login(principal);
    assertEquals(303, r.statusCode(), r.body());
    return v;
  }

  @Test
  void aThousandLoginsOfOneUserLogNobodyElseOut() throws Exception {
    try (WebKit kit = new WebKit(dir, null)) {
      Visitor mayor = loggedIn(kit, "mayor");
      Visitor secu = loggedIn(kit, "secu");
      Visitor root = loggedIn(kit, "root");

      Visitor auditor = new Visitor(kit);
      List<String> cookies = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        // A second apart, so that "oldest" means something (1,000 s is well within the idle time).
        kit.clock.advance(Duration.ofSeconds(1));
        assertEquals(303, auditor.login("auditor").statusCode(), "login " + i);
        cookies.add(auditor.cookie);
      }

      assertEquals(200, mayor.get("/ui/approver").statusCode(), "the mayor is still logged in");
      assertEquals(200, secu.get("/ui/security").statusCode(), "secu is still logged in");
      assertEquals(200, root.get("/ui/reviewer").statusCode(), "root is still logged in");
      // The auditor's own oldest sessions made room: only the last sessions_per_person (5) live.
      for (int i : new int[] {0, 1, 500, 993, 994}) {
        auditor.cookie = cookies.get(i);
        assertEquals(303, auditor.get("/ui/reviewer").statusCode(), "session " + i + " was ended");
      }
      for (int i = 995; i < 1000; i++) {
        auditor.cookie = cookies.get(i);
        assertEquals(200, auditor.get("/ui/reviewer").statusCode(), "session " + i + " lives");
      }
    }
  }

  @Test
  void aFullServerRefusesNewLoginsAndKeepsEverySession() throws Exception {
    AppLimits small = new AppLimits(2, 3, null, null, null, null, null, null, null);
    try (WebKit kit = new WebKit(dir, null, small)) {
      Visitor mayor = loggedIn(kit, "mayor");
      Visitor secu = loggedIn(kit, "secu");
      Visitor root = loggedIn(kit, "root");
      HttpResponse<String> refused = new Visitor(kit).login("auditor");
      assertEquals(503, refused.statusCode(), "no room: the login is refused, nobody is evicted");
      assertTrue(refused.headers().firstValue("set-cookie").isEmpty());
      assertEquals(200, mayor.get("/ui/approver").statusCode());
      assertEquals(200, secu.get("/ui/security").statusCode());
      assertEquals(200, root.get("/ui/reviewer").statusCode());
      // A person already logged in may still log in again: their own oldest session makes room.
      Visitor mayorAgain = loggedIn(kit, "mayor");
      assertEquals(200, mayorAgain.get("/ui/approver").statusCode());
      assertEquals(
          303, mayor.get("/ui/approver").statusCode(), "the mayor's own oldest session made room");
      assertEquals(200, secu.get("/ui/security").statusCode());
      assertEquals(200, root.get("/ui/reviewer").statusCode());
    }
  }
}
