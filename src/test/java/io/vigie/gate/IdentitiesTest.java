package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.GateConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentitiesTest {
  @Test
  void findsByTokenHashAndByCertificateName() {
    // sha256("test") as printed by sha256sum, the way a city writes token_sha256.
    assertEquals(
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Identities.hashOf("test"));
    Identities ids =
        new Identities(
            List.of(
                new GateConfig.Identity("a", Identities.hashOf("token-a"), null, null),
                new GateConfig.Identity(
                    "b",
                    Identities.hashOf("token-b"),
                    "b.acme.example",
                    List.of("j.martin@acme"))));
    assertEquals("a", ids.byToken("token-a").orElseThrow().name());
    assertEquals("b", ids.byToken("token-b").orElseThrow().name());
    assertTrue(ids.byToken("token-").isEmpty());
    assertTrue(ids.byToken("").isEmpty());
    assertTrue(ids.byToken(null).isEmpty());
    assertEquals("b", ids.byCertCn("b.acme.example").orElseThrow().name());
    assertTrue(ids.byCertCn("a").isEmpty());
    assertEquals(
        List.of("a"),
        ids.byToken("token-a").orElseThrow().requesters(),
        "requesters default to the name");
  }
}
