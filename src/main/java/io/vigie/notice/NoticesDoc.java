package io.vigie.notice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/NOTICES.md} from the {@link NoticeType} catalogue, so that the list people
 * read is the list the code raises; {@code NoticesDocTest} fails when the file is out of date.
 *
 * <pre>
 * mvn -B -o -q compile &amp;&amp; java -cp target/classes io.vigie.notice.NoticesDoc docs/NOTICES.md
 * </pre>
 */
public final class NoticesDoc {
  /** The command that regenerates the doc, from the project's directory. */
  public static final String REGENERATE =
      "mvn -B -o -q compile && java -cp target/classes io.vigie.notice.NoticesDoc docs/NOTICES.md";

  private NoticesDoc() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: NoticesDoc FILE.md");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), markdown(), StandardCharsets.UTF_8);
  }

  /** The whole document. */
  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Notice types\n\n")
        .append(
            "<!-- Generated from io.vigie.notice.NoticeType; do not edit. Regenerate with:\n     ")
        .append(REGENERATE)
        .append(" -->\n\n")
        .append(
            "Every notice vigie raises has one of these types: the `note` field of a notice record\n")
        .append("(`replay --json`, the evidence store, the API) and the `type` label of\n")
        .append(
            "`vigie_notices_total`. The severity is the default; where the facts call for another\n")
        .append("(an expected change, a certified image, a privacy class) the meaning says so.\n\n")
        .append("| note | default severity | meaning |\n")
        .append("|---|---|---|\n");
    for (NoticeType t : NoticeType.values()) {
      sb.append("| `")
          .append(t.wireName())
          .append("` | ")
          .append(t.defaultSeverity().wireName())
          .append(" | ")
          .append(t.meaning().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }
}
