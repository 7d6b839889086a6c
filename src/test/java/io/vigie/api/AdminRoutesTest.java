package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin reload route over real HTTP: admin only, a refused config is a 409 with its reason. */
class AdminRoutesTest {
  @TempDir Path dir;
  ApiTestKit kit;

  @BeforeEach
  void start() throws Exception {
    kit = new ApiTestKit(dir, null);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  @Test
  void onlyAnAdminReloadsAndARefusalKeepsItsReason() throws Exception {
    assertEquals(401, kit.post(null, ApiPaths.ADMIN_RELOAD, "{}").statusCode());
    HttpResponse<String> vendor = kit.post("acme", ApiPaths.ADMIN_RELOAD, "{}");
    assertEquals(403, vendor.statusCode(), vendor.body());
    assertEquals(0, kit.reloads.get(), "a refused caller reloads nothing");

    HttpResponse<String> ok = kit.post("root", ApiPaths.ADMIN_RELOAD, "{}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(new ObjectMapper().readTree(ok.body()).path("applied").asBoolean());

    HttpResponse<String> refused = kit.post("root", ApiPaths.ADMIN_RELOAD, "{}");
    assertEquals(409, refused.statusCode(), refused.body());
    JsonNode err = new ObjectMapper().readTree(refused.body());
    assertEquals("config", err.path("field").asText());
    assertTrue(err.path("error").asText().contains("site.yaml:3"), refused.body());
  }
}
