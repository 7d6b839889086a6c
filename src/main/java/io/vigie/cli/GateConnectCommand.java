package io.vigie.cli;

import io.vigie.gate.GateClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie gate connect --url HOST:PORT --token-file F --target cam-001}: the vendor's end of a
 * token listener, bridging stdin/stdout, for {@code ssh -o ProxyCommand=...}.
 */
@Command(
    name = "connect",
    footer = {
      "",
      "Example:",
      "  ssh -o ProxyCommand=\"vigie gate connect --url gate.example:2222 --token-file acme.token --target cam-001\" admin@cam-001"
    },
    mixinStandardHelpOptions = true,
    description =
        "Connect through the gate to a target, bridging stdin/stdout (for ssh ProxyCommand).")
public final class GateConnectCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The gate listener.")
  String url;

  @Option(
      names = "--token-file",
      required = true,
      paramLabel = "FILE",
      description = "File holding the token.")
  Path tokenFile;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "NAME",
      description = "Target name, e.g. cam-001.")
  String target;

  @Override
  public Integer call() {
    int colon = url.lastIndexOf(':');
    int port;
    try {
      port = colon <= 0 ? -1 : Integer.parseInt(url.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new UserException("--url '" + url + "' is not host:port");
    }
    String host = url.substring(0, colon).replace("[", "").replace("]", "");
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UserException("cannot read --token-file " + tokenFile + ": " + e.getMessage());
    }
    try {
      GateClient.bridge(new InetSocketAddress(host, port), token, target, System.in, System.out);
      return 0;
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    }
  }
}
