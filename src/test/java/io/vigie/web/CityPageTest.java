package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.policy.Window;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The city page ({@code /ui/city}) is reached from the navigation where a hub serves it, and is
 * neither linked nor served on a sensor. HTML over real HTTP on loopback, as {@link WebUiTest}.
 */
class CityPageTest {
  private static final Pattern NAV = Pattern.compile("<nav[^>]*>(.*?)</nav>", Pattern.DOTALL);
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

  @TempDir Path dir;

  /** The hub's records as the page reads them: two sites, a notice and a camera each. */
  private static final CityRecords TWO_SITES =
      new CityRecords() {
        @Override
        public List<String> sites() {
          return List.of("nice-est", "nice-ouest");
        }

        @Override
        public List<Row> notices(String site, int limit) {
          return only(
              site,
              List.of(
                  new Row("2026-11-23T08:00:00Z", "nice-est", "ssh_outside_window", "cam-7"),
                  new Row("2026-11-23T08:01:00Z", "nice-ouest", "firmware_changed", "cam-9")));
        }

        @Override
        public List<Row> cameras(String site, int limit) {
          return only(
              site,
              List.of(
                  new Row("2026-11-23T07:00:00Z", "nice-est", "cam-7", "5.7.1"),
                  new Row("2026-11-23T07:00:00Z", "nice-ouest", "cam-9", "2.1.0")));
        }

        private List<Row> only(String site, List<Row> rows) {
          List<Row> out = new ArrayList<>();
          for (Row r : rows) {
            if (site == null || site.equals(r.site())) {
              out.add(r);
            }
          }
          return out;
        }
      };

  @Test
  void aHubLinksTheCityPageFromEveryViewForEveryRoleThatOpensOne() throws Exception {
    try (WebKit kit = WebKit.hub(dir, TWO_SITES)) {
      Window w = kit.request("acme", "firmware update");
      // mayor: approver and security views; auditor: reviewer; root (admin): security, reviewer
      for (String[] who :
          new String[][] {
            {"mayor", "/ui", "/ui/approver", "/ui/security"},
            {"auditor", "/ui", "/ui/reviewer"},
            {"root", "/ui", "/ui/security", "/ui/reviewer"}
          }) {
        Visitor v = login(kit, who[0]);
        for (int i = 1; i < who.length; i++) {
          HttpResponse<String> page = v.get(who[i]);
          assertEquals(200, page.statusCode(), who[0] + " " + who[i]);
          assertTrue(
              nav(page.body()).contains(WebPaths.CITY),
              who[0] + " on " + who[i] + ": the navigation links the city page: " + page.body());
        }
        HttpResponse<String> home = v.get("/ui");
        assertTrue(
            home.body().contains("<a href=\"/ui/city\">"),
            "the home page lists the city view: " + home.body());

        // The link leads to a page that answers, with both sites and the hub's window.
        HttpResponse<String> city = v.get(WebPaths.CITY);
        assertEquals(200, city.statusCode(), city.body());
        assertTrue(city.body().contains("<td>nice-est</td>"), city.body());
        assertTrue(city.body().contains("<td>nice-ouest</td>"), city.body());
        assertTrue(city.body().contains(w.id()), "the windows decided at the hub: " + city.body());
        assertTrue(
            nav(city.body()).contains(WebPaths.CITY), "the city page keeps its own navigation");
        String east = v.get(WebPaths.CITY + "?site=nice-est").body();
        assertTrue(east.contains("<td>nice-est</td>"), east);
        assertFalse(east.contains("<td>nice-ouest</td>"), "filtered by site: " + east);
      }
      Visitor vendor = new Visitor(kit);
      assertEquals(403, vendor.login("acme").statusCode(), "a vendor opens no view, the city too");
      assertEquals(303, vendor.get(WebPaths.CITY).statusCode());
    }
  }

  @Test
  void aSensorNeitherLinksNorServesTheCityPage() throws Exception {
    try (WebKit kit = new WebKit(dir, (io.vigie.config.ApiConfig.Tls) null)) {
      for (String[] who :
          new String[][] {
            {"mayor", "/ui", "/ui/approver", "/ui/security"},
            {"auditor", "/ui", "/ui/reviewer"},
            {"root", "/ui", "/ui/security", "/ui/reviewer"}
          }) {
        Visitor v = login(kit, who[0]);
        for (int i = 1; i < who.length; i++) {
          HttpResponse<String> page = v.get(who[i]);
          assertEquals(200, page.statusCode(), who[0] + " " + who[i]);
          assertFalse(
              page.body().contains(WebPaths.CITY),
              who[0] + " on " + who[i] + ": no link to a page the sensor lacks: " + page.body());
          // every link of the navigation answers
          for (String href : hrefs(nav(page.body()))) {
            assertEquals(200, v.get(href).statusCode(), who[0] + " follows " + href);
          }
        }
        // No such page: the path falls to the JSON API, which wants its bearer token first.
        assertEquals(401, v.get(WebPaths.CITY).statusCode(), "a sensor serves no city page");
      }
    }
  }

  private static Visitor login(WebKit kit, String principal) throws Exception {
    Visitor v = new Visitor(kit);
    assertEquals(303, v.login(principal).statusCode(), principal);
    return v;
  }

  private static String nav(String html) {
    Matcher m = NAV.matcher(html);
    assertTrue(m.find(), "a page with a navigation: " + html);
    return m.group(1);
  }

  private static List<String> hrefs(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
