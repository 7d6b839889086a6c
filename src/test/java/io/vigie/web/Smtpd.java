package io.vigie.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real SMTP server on loopback: Debian's {@code python3-aiosmtpd} with its {@code Mailbox}
 * handler, which writes each mail it accepts into a Maildir the test reads.
 */
final class Smtpd implements AutoCloseable {
  static final String MISSING =
      "python3-aiosmtpd is not installed (scripts/install-test-deps.sh): skipping the mail test";
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  final int port;
  final Path maildir;
  private final Process process;

  private Smtpd(int port, Path maildir, Process process) {
    this.port = port;
    this.maildir = maildir;
    this.process = process;
  }

  static boolean available() {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import aiosmtpd").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A loopback port free right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts the server on {@code port}, writing mails under {@code maildir}; waits until it listens.
   */
  static Smtpd start(int port, Path maildir) throws IOException, InterruptedException {
    // A Maildir's three folders: aiosmtpd creates them only when the folder itself is missing.
    for (String sub : List.of("tmp", "new", "cur")) {
      Files.createDirectories(maildir.resolve(sub));
    }
    Process p =
        new ProcessBuilder(
                PYTHON,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                "127.0.0.1:" + port,
                "-c",
                "aiosmtpd.handlers.Mailbox",
                maildir.toString())
            .redirectErrorStream(true)
            .redirectOutput(maildir.resolveSibling("smtpd-" + port + ".log").toFile())
            .start();
    Smtpd s = new Smtpd(port, maildir, p);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket c = new Socket()) {
        c.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return s;
      } catch (IOException e) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          s.close();
          throw new IOException("aiosmtpd did not listen on 127.0.0.1:" + port, e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Waits until at least {@code n} mails are in the Maildir, then returns them all, parsed. */
  List<jakarta.mail.internet.MimeMessage> awaitMails(int n) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      List<Path> files = new ArrayList<>();
      Path dir = maildir.resolve("new");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> st = Files.list(dir)) {
          st.sorted().forEach(files::add);
        }
      }
      if (files.size() >= n || Instant.now().isAfter(deadline)) {
        List<jakarta.mail.internet.MimeMessage> out = new ArrayList<>();
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new Properties());
        for (Path f : files) {
          try (var in = Files.newInputStream(f)) {
            out.add(new jakarta.mail.internet.MimeMessage(session, in));
          }
        }
        return out;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
