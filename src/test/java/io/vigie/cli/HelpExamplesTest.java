package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import io.vigie.tools.ToolsMain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help ends with an example a person can copy, starting with the command. */
class HelpExamplesTest {

  private static void walk(CommandLine c, List<CommandLine> all) {
    all.add(c);
    c.getSubcommands().values().stream().distinct().forEach(s -> walk(s, all));
  }

  private static void check(Object root) {
    List<CommandLine> all = new ArrayList<>();
    walk(new CommandLine(root), all);
    assertTrue(all.size() > 5, "the command tree was walked: " + all.size());
    List<String> missing = new ArrayList<>();
    for (CommandLine c : all) {
      String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
      int at = help.indexOf("Example:");
      // The example names the command itself (the tree's root is named "vigie").
      String last = c.getCommandSpec().name();
      if (at < 0
          || !help.substring(at).contains(" " + last + " ")
              && !help.substring(at).contains("vigie " + last)) {
        missing.add(c.getCommandSpec().qualifiedName());
      }
    }
    assertEquals(List.of(), missing, "commands whose help has no example of themselves");
  }

  @Test
  void everyApplianceCommandHasAnExample() {
    check(new Main());
  }

  @Test
  void everyToolHasAnExample() {
    check(new ToolsMain());
  }
}
