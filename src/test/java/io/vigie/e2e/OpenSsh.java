package io.vigie.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real OpenSSH server of the test's own: host key, client key and config in the test's directory,
 * listening on one loopback address and a free port, root logging in by key.
 *
 * <pre>{@code
 * OpenSsh ssh = OpenSsh.start(procs, "127.0.0.1");
 * procs.run("ssh", ssh.ssh("127.0.0.1", "true"));
 * }</pre>
 */
final class OpenSsh {
  static final String SSHD = "/usr/sbin/sshd";
  static final String SSH = "/usr/bin/ssh";

  private final Path dir;
  private final String address;
  private final int port;
  private final Process process;

  private OpenSsh(Path dir, String address, int port, Process process) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.process = process;
  }

  static void assumeInstalled() {
    Procs.assumeTool(SSHD, "openssh-server");
    Procs.assumeTool(SSH, "openssh-client");
    Procs.assumeTool("/usr/bin/ssh-keygen", "openssh-client");
  }

  /** sshd on {@code address} and a free port, in the test's own network namespace. */
  static OpenSsh start(Procs procs, String address) {
    return start(procs, address, Procs.freeTcpPort(), cmd -> cmd);
  }

  /**
   * sshd on {@code address:port}, its command line passed through {@code wrap} (e.g. to run it in a
   * network namespace with {@code ip netns exec}).
   */
  static OpenSsh start(Procs procs, String address, int port, UnaryOperator<List<String>> wrap) {
    Path dir = procs.dir().resolve("ssh");
    try {
      Files.createDirectories(dir);
      // sshd refuses to start without its privilege separation directory.
      Files.createDirectories(Path.of("/run/sshd"));
      procs.run("keygen-host", keygen(dir.resolve("host_key")));
      procs.run("keygen-client", keygen(dir.resolve("client_key")));
      Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
      Files.writeString(
          dir.resolve("sshd_config"),
          String.join(
              "\n",
              "HostKey " + dir.resolve("host_key"),
              "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
              "ListenAddress " + address,
              "UsePAM no",
              "StrictModes no",
              "PermitRootLogin prohibit-password",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PidFile none",
              "Subsystem sftp internal-sftp",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process sshd =
        procs.start(
            "sshd",
            wrap.apply(
                List.of(
                    SSHD,
                    "-f",
                    dir.resolve("sshd_config").toString(),
                    "-D",
                    "-e",
                    "-p",
                    Integer.toString(port))));
    procs.awaitListening("tcp", address, port, sshd, "sshd");
    return new OpenSsh(dir, address, port, sshd);
  }

  private static List<String> keygen(Path file) {
    return List.of(
        "/usr/bin/ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "vigie-e2e",
        "-f",
        file.toString());
  }

  int port() {
    return port;
  }

  /** The sshd process (its {@code /proc/PID/net} shows its namespace's connections). */
  Process process() {
    return process;
  }

  /**
   * {@code ssh root@ADDRESS COMMAND} from {@code from} (a local address, or null for the default).
   */
  List<String> ssh(String from, String command) {
    List<String> cmd = new ArrayList<>(List.of(SSH));
    cmd.addAll(options());
    if (from != null) {
      cmd.addAll(List.of("-b", from));
    }
    cmd.addAll(List.of("-p", Integer.toString(port), "root@" + address, command));
    return cmd;
  }

  /** {@code scp FILE root@ADDRESS:TARGET}. */
  List<String> scp(Path file, Path target) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/scp"));
    cmd.addAll(options());
    cmd.addAll(
        List.of("-P", Integer.toString(port), file.toString(), "root@" + address + ":" + target));
    return cmd;
  }

  private List<String> options() {
    return List.of(
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=5",
        "-o",
        "LogLevel=ERROR",
        "-i",
        dir.resolve("client_key").toString());
  }

  /**
   * The banner OpenSSH sends, from {@code ssh -V} ({@code OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL
   * ...}): {@code SSH-2.0-} and the version up to the comma.
   */
  static String banner(Procs procs) {
    String v = procs.run("ssh-V", List.of(SSH, "-V")).strip();
    return "SSH-2.0-" + v.substring(0, v.indexOf(','));
  }
}
