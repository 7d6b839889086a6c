package io.vigie.cli;

import io.vigie.api.TokenVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie token new} makes a random API token and its hash; {@code vigie token hash} hashes an
 * existing token read from a file or standard input (never from the command line, where {@code ps}
 * and shell history would see it). The hash goes into {@code api.tokens[].sha256}.
 */
@Command(
    name = "token",
    footer = {
      "",
      "Example:",
      "  vigie token new > mayor.token && vigie token hash --token-file mayor.token"
    },
    mixinStandardHelpOptions = true,
    description = "Make API tokens and their config hashes.",
    subcommands = {TokenCommand.New.class, TokenCommand.Hash.class})
public final class TokenCommand {

  @Command(
      name = "new",
      footer = {"", "Example:", "  vigie token new > mayor.token"},
      mixinStandardHelpOptions = true,
      description =
          "Print a new random token (give it to the caller) and its sha256 (put it in the config).")
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      spec.commandLine()
          .getOut()
          .printf("token:  %s%nsha256: %s%n", token, TokenVerifier.sha256Hex(token));
      return 0;
    }
  }

  @Command(
      name = "hash",
      footer = {"", "Example:", "  vigie token hash --token-file mayor.token"},
      mixinStandardHelpOptions = true,
      description =
          "Print the sha256 of the token in --token-file (or on standard input), for api.tokens[].sha256.")
  static final class Hash implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--token-file",
        paramLabel = "FILE",
        description = "File holding the token (default: standard input).")
    Path tokenFile;

    @Override
    public Integer call() {
      String token = tokenFile == null ? readStdin() : readTokenFile(tokenFile);
      spec.commandLine().getOut().println(TokenVerifier.sha256Hex(token));
      return 0;
    }

    private static String readStdin() {
      try (InputStream in = System.in) {
        return clean(new String(in.readAllBytes(), StandardCharsets.UTF_8), "standard input");
      } catch (IOException e) {
        throw new UserException("cannot read standard input: " + e.getMessage());
      }
    }
  }

  /** The token in {@code file}: its content without surrounding white space. */
  static String readTokenFile(Path file) {
    try {
      return clean(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UserException(file + ": cannot read token file");
    }
  }

  private static String clean(String s, String where) {
    String t = s.strip();
    if (t.isEmpty()) {
      throw new UserException(where + ": no token");
    }
    if (t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new UserException(where + ": a token is one line of printable ASCII without spaces");
    }
    return t;
  }
}
