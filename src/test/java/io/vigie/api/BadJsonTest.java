package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad JSON of every shape is a 400 with a reason, never a 500 (issue 15, attack 6). */
class BadJsonTest {
  private static String refusal(byte[] body) {
    ApiException e =
        assertThrows(ApiException.class, () -> JsonBody.parse(body, "reason", "a", "b"));
    assertEquals(HttpResponseStatus.BAD_REQUEST, e.status(), e.getMessage());
    assertEquals("body", e.field());
    return e.getMessage();
  }

  @Test
  void thirtyThousandNestedArraysAreA400ThatSaysSo() {
    String deep = "[".repeat(30_000) + "]".repeat(30_000);
    String why = refusal(deep.getBytes(StandardCharsets.US_ASCII));
    assertTrue(why.contains("too deeply nested"), why);
    // The configured depth (api.limits.json_max_depth, 32 by default) is checked before parsing.
    String deepObject = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> JsonShape.check(deepObject.getBytes(StandardCharsets.US_ASCII), 32, 64));
    assertEquals("body", e.field());
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  @Test
  void aBodyWithinTheDepthStillParses() {
    String ok =
        "{\"a\":" + "[".repeat(ApiJson.MAX_DEPTH - 2) + "]".repeat(ApiJson.MAX_DEPTH - 2) + "}";
    JsonBody.parse(ok.getBytes(StandardCharsets.US_ASCII), "a");
  }

  @Test
  void encodingsOtherThanUtf8AreRefusedWithAReason() {
    byte[] utf16 = "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_16LE);
    assertTrue(refusal(utf16).contains("UTF-8"));
    byte[] utf32 = "{\"reason\":\"x\"}".getBytes(Charset.forName("UTF-32BE"));
    assertTrue(refusal(utf32).contains("UTF-8"));
    byte[] bom = ("\uFEFF{\"reason\":\"x\"}").getBytes(StandardCharsets.UTF_8);
    assertTrue(refusal(bom).contains("UTF-8"));
    byte[] broken = {
      '{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'
    };
    assertTrue(refusal(broken).contains("JSON"), refusal(broken));
  }

  @Test
  void duplicateKeysTrailingGarbageHugeNumbersAndWrongTypesAreRefused() {
    assertTrue(refusal("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)).contains("JSON"));
    assertTrue(refusal("{\"a\":1} {}".getBytes(StandardCharsets.UTF_8)).contains("JSON"));
    assertTrue(
        refusal(("{\"a\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8))
            .contains("number"));
    assertTrue(refusal("[1,2]".getBytes(StandardCharsets.UTF_8)).contains("object"));
    assertTrue(refusal("".getBytes(StandardCharsets.UTF_8)).contains("object"));
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                JsonBody.parse("{\"reason\":42}".getBytes(StandardCharsets.UTF_8), "reason")
                    .requiredText("reason"));
    assertEquals(HttpResponseStatus.BAD_REQUEST, e.status());
    assertEquals("reason", e.field());
  }

  @Test
  void theConfiguredShapeLimitsCountOnlyStructureAndNumbersOutsideStrings() {
    byte[] within =
        ("{\"a\":" + "[".repeat(7) + "]".repeat(7) + "}").getBytes(StandardCharsets.US_ASCII);
    JsonShape.check(within, 8, 16);
    byte[] deeper =
        ("{\"a\":" + "[".repeat(8) + "]".repeat(8) + "}").getBytes(StandardCharsets.US_ASCII);
    assertThrows(ApiException.class, () -> JsonShape.check(deeper, 8, 16));
    // Brackets and digits inside strings, escaped quotes included, are text.
    byte[] text =
        ("{\"a\":\"[[[[[[[[[[ \\\" 12345678901234567890\"}").getBytes(StandardCharsets.US_ASCII);
    JsonShape.check(text, 2, 16);
    byte[] number = "{\"a\":12345678901234567}".getBytes(StandardCharsets.US_ASCII);
    ApiException e = assertThrows(ApiException.class, () -> JsonShape.check(number, 8, 16));
    assertTrue(e.getMessage().contains("number"), e.getMessage());
  }
}
