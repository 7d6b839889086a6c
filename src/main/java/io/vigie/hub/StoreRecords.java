package io.vigie.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.web.CityRecords;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The city page's rows, read from the hub's store. */
final class StoreRecords implements CityRecords {
  private final HubStore store;

  StoreRecords(HubStore store) {
    this.store = store;
  }

  @Override
  public List<String> sites() {
    try {
      List<String> out = new ArrayList<>();
      for (Map<String, Object> s : store.sites(HubRoutes.MAX_LIMIT)) {
        out.add((String) s.get("site"));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("hub store: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Row> notices(String site, int limit) {
    try {
      List<Row> out = new ArrayList<>();
      for (JsonNode n : store.notices(site, null, limit)) {
        out.add(
            new Row(
                n.path("ts").asText(),
                n.path("site").asText(),
                n.path("note").asText() + " (" + n.path("severity").asText() + ")",
                n.path("msg").asText()));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("hub store: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Row> cameras(String site, int limit) {
    try {
      List<Row> out = new ArrayList<>();
      for (JsonNode n : store.cameras(site, null, limit)) {
        out.add(
            new Row(
                n.path("ts").asText(),
                n.path("site").asText(),
                n.path("subject").asText(),
                (n.path("model").asText("") + " " + n.path("firmware_version").asText(""))
                    .strip()));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("hub store: " + e.getMessage(), e);
    }
  }
}
