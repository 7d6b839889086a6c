package io.vigie.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.api.ApiClient;
import io.vigie.api.ApiPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie window request|list|show|approve|reject|revoke}: the maintenance window API from a
 * terminal. The token is read from {@code --token-file}, never taken on the command line.
 *
 * <pre>
 * vigie window list --url https://vigie:8443 --token-file ~/.vigie-token --cacert vigie.crt
 * vigie window approve w-0001 --reason "OK for tonight" --url ... --token-file ...
 * </pre>
 *
 * <p>Exit 0 on success; 2 with the server's reason (and the field at fault) when it refuses.
 */
@Command(
    name = "window",
    footer = {"", "Example:", "  vigie window list --state requested --token-file mayor.token"},
    mixinStandardHelpOptions = true,
    description = "Request, list and approve maintenance windows through the API.",
    subcommands = {
      WindowCommand.Request.class,
      WindowCommand.ListCmd.class,
      WindowCommand.Show.class,
      WindowCommand.Approve.class,
      WindowCommand.Reject.class,
      WindowCommand.Revoke.class
    })
public final class WindowCommand {
  private static final ObjectMapper PRETTY = new ObjectMapper();

  /** Connection options shared by every subcommand. */
  static final class Connection {
    @Option(
        names = "--url",
        defaultValue = "https://127.0.0.1:8443",
        description = "API base URL (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
        names = "--token-file",
        required = true,
        paramLabel = "FILE",
        description = "File holding your API token.")
    Path tokenFile;

    @Option(
        names = "--cacert",
        paramLabel = "PEM",
        description = "Trust this certificate (e.g. the server's self-signed one).")
    Path caCert;

    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    ApiClient client() {
      String scheme = url.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new UserException("--url must start with http:// or https://, was " + url);
      }
      String token = TokenCommand.readTokenFile(tokenFile);
      SSLContext ssl = null;
      if (caCert != null) {
        try {
          ssl = ApiClient.trusting(caCert);
        } catch (IOException e) {
          throw new UserException("--cacert " + e.getMessage());
        }
      }
      return new ApiClient(url, token, ssl);
    }
  }

  /** Runs one call and prints the answer; a refusal becomes a UserException (exit 2). */
  abstract static class Call implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Connection conn;

    abstract ApiClient.Reply send(ApiClient client) throws IOException;

    abstract void print(JsonNode body, PrintWriter out);

    @Override
    public Integer call() {
      ApiClient.Reply r;
      try {
        r = send(conn.client());
      } catch (IOException e) {
        throw new UserException(conn.url + ": " + e.getMessage());
      }
      if (r.status() >= 400) {
        String field = r.body().path("field").asText("");
        throw new UserException(
            "server refused ("
                + r.status()
                + "): "
                + r.body().path("error").asText("no reason given")
                + (field.isEmpty() ? "" : " [field: " + field + "]"));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (conn.json) {
        try {
          out.println(PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(r.body()));
        } catch (IOException e) {
          throw new UserException("cannot print the answer: " + e.getMessage());
        }
      } else {
        print(r.body(), out);
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "request",
      footer = {
        "",
        "Example:",
        "  vigie window request --device cam-001 --app ssh --start 2026-11-23T22:00:00Z --end 2026-11-23T23:00:00Z --reason \"firmware 5.7.3\" --ticket T-4411 --token-file acme.token"
      },
      mixinStandardHelpOptions = true,
      description = "Request a window (vendor role).")
  static final class Request extends Call {
    @Option(names = "--reason", required = true, description = "Why.")
    String reason;

    @Option(names = "--ticket", required = true, description = "Ticket reference.")
    String ticket;

    @Option(names = "--device", paramLabel = "NAME", description = "Device in scope (repeatable).")
    List<String> devices = new ArrayList<>();

    @Option(
        names = "--subnet",
        paramLabel = "CIDR",
        description = "Address block in scope (repeatable).")
    List<String> subnets = new ArrayList<>();

    @Option(
        names = "--endpoint",
        paramLabel = "ADDR|NAME",
        description = "Vendor endpoint (repeatable; default any).")
    List<String> endpoints = new ArrayList<>();

    @Option(
        names = "--app",
        required = true,
        paramLabel = "APP",
        description = "Application allowed: ssh, tls, rdp... (repeatable).")
    List<String> apps = new ArrayList<>();

    @Option(
        names = "--start",
        paramLabel = "INSTANT",
        description = "Start, e.g. 2026-11-23T20:00:00Z (default now).")
    String start;

    @Option(
        names = "--end",
        required = true,
        paramLabel = "INSTANT",
        description = "End, e.g. 2026-11-23T22:00:00Z.")
    String end;

    @Option(
        names = "--expect-firmware",
        paramLabel = "CAMERA=VERSION",
        description = "Firmware version a camera may move to (repeatable).")
    Map<String, String> firmware = new LinkedHashMap<>();

    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("reason", reason);
      body.put("ticket", ticket);
      body.put(
          "scope",
          Map.of("devices", devices, "subnets", subnets, "endpoints", endpoints, "apps", apps));
      if (start != null) {
        body.put("start", start);
      }
      body.put("end", end);
      List<Map<String, String>> changes = new ArrayList<>();
      firmware.forEach(
          (cam, version) -> changes.add(Map.of("camera", cam, "firmware_version", version)));
      body.put("expected_changes", changes);
      return client.post(ApiPaths.WINDOWS, body);
    }

    @Override
    void print(JsonNode w, PrintWriter out) {
      WindowTable.detail(w, out);
    }
  }

  @Command(
      name = "list",
      footer = {"", "Example:", "  vigie window list --state requested --token-file mayor.token"},
      mixinStandardHelpOptions = true,
      description = "List windows.")
  static final class ListCmd extends Call {
    @Option(
        names = "--state",
        description =
            "Only windows in this state now: requested, approved, active, expired, rejected, revoked, lapsed.")
    String state;

    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("state", state);
      return client.get(ApiPaths.WINDOWS, q);
    }

    @Override
    void print(JsonNode body, PrintWriter out) {
      WindowTable.list(body.path("windows"), out);
    }
  }

  /** Base of the commands about one window. */
  abstract static class OnWindow extends Call {
    @Parameters(index = "0", paramLabel = "ID", description = "Window id.")
    String id;

    String path(String action) {
      return ApiPaths.WINDOWS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + action;
    }

    @Override
    void print(JsonNode w, PrintWriter out) {
      WindowTable.detail(w, out);
    }
  }

  @Command(
      name = "show",
      footer = {"", "Example:", "  vigie window show W-20261123-001 --token-file mayor.token"},
      mixinStandardHelpOptions = true,
      description = "Show one window and its history.")
  static final class Show extends OnWindow {
    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      return client.get(path(""), Map.of());
    }
  }

  @Command(
      name = "approve",
      footer = {
        "",
        "Example:",
        "  vigie window approve W-20261123-001 --reason \"ok for tonight\" --token-file mayor.token"
      },
      mixinStandardHelpOptions = true,
      description = "Approve a window (approver role).")
  static final class Approve extends OnWindow {
    @Option(names = "--reason", description = "Optional comment.")
    String reason;

    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      return client.post(path("/approve"), reason == null ? Map.of() : Map.of("reason", reason));
    }
  }

  @Command(
      name = "reject",
      footer = {
        "",
        "Example:",
        "  vigie window reject W-20261123-001 --reason \"not this week\" --token-file mayor.token"
      },
      mixinStandardHelpOptions = true,
      description = "Reject a window (approver role).")
  static final class Reject extends OnWindow {
    @Option(names = "--reason", required = true, description = "Why.")
    String reason;

    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      return client.post(path("/reject"), Map.of("reason", reason));
    }
  }

  @Command(
      name = "revoke",
      footer = {
        "",
        "Example:",
        "  vigie window revoke W-20261123-001 --reason \"work finished\" --token-file mayor.token"
      },
      mixinStandardHelpOptions = true,
      description = "Revoke a window at once.")
  static final class Revoke extends OnWindow {
    @Option(names = "--reason", required = true, description = "Why.")
    String reason;

    @Override
    ApiClient.Reply send(ApiClient client) throws IOException {
      return client.post(path("/revoke"), Map.of("reason", reason));
    }
  }
}
