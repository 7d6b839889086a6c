package io.vigie.api;

/**
 * Checks a request body's nesting depth and the length of its numbers against the configured limits
 * ({@code api.limits.json_max_depth}, {@code json_max_number_digits}) before any parser sees it:
 * one pass over bytes already bounded by {@code max_body_bytes}, allocating nothing.
 */
final class JsonShape {
  private JsonShape() {}

  /** Throws a 400 naming {@code body} when the text nests deeper or holds a longer number. */
  static void check(byte[] body, int maxDepth, int maxDigits) {
    int depth = 0;
    int run = 0;
    boolean inString = false;
    for (int i = 0; i < body.length; i++) {
      byte c = body[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
        run = 0;
      } else if (c == '[' || c == '{') {
        run = 0;
        if (++depth > maxDepth) {
          throw ApiException.badRequest(
              "body is too deeply nested (at most " + maxDepth + " levels)", "body");
        }
      } else if (c == ']' || c == '}') {
        run = 0;
        depth--;
      } else if ((c >= '0' && c <= '9')
          || c == '.'
          || c == 'e'
          || c == 'E'
          || c == '+'
          || c == '-') {
        if (++run > maxDigits) {
          throw ApiException.badRequest(
              "body has too long a number (at most " + maxDigits + " characters)", "body");
        }
      } else {
        run = 0;
      }
    }
  }
}
