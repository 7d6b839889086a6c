package io.vigie.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's local control channel: a Unix socket {@code <state_dir>/control.sock} (mode 0600, so
 * only the daemon's user may use it), one command a connection, one line back.
 *
 * <pre>
 * $ vigie reload --config site.yaml          # connects, sends "reload", prints the answer
 * ok reloaded site.yaml
 * refused site.yaml:12: devices[0].address: ...   (exit 2; the running config stays)
 * </pre>
 *
 * <p>Why not SIGHUP: the JDK's only signal API is {@code sun.misc.Signal}, which javac warns about
 * and the build treats warnings as errors. A systemd unit says {@code ExecReload=vigie reload
 * --config ...} instead of {@code kill -HUP}.
 */
public final class ControlSocket implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.daemon.control");
  public static final String FILE = "control.sock";
  private static final int MAX_COMMAND = 256;

  private final Path path;
  private final ServerSocketChannel server;
  private final Function<String, String> commands;
  private final Thread thread;

  private ControlSocket(Path path, ServerSocketChannel server, Function<String, String> commands) {
    this.path = path;
    this.server = server;
    this.commands = commands;
    this.thread = new Thread(this::serve, "vigie-control");
    this.thread.setDaemon(true);
  }

  /**
   * Binds {@code <dir>/control.sock} (replacing a stale one) and serves on {@code vigie-control}.
   *
   * @param commands answers one command line with one line; runs on the control thread
   */
  public static ControlSocket start(Path dir, Function<String, String> commands)
      throws IOException {
    Path path = dir.resolve(FILE);
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      throw new IOException(path + ": cannot open the control socket: " + e.getMessage(), e);
    }
    ControlSocket c = new ControlSocket(path, server, commands);
    c.thread.start();
    return c;
  }

  /** Sends one command to a running daemon and returns its one-line answer. */
  public static String send(Path dir, String command) throws IOException {
    Path path = dir.resolve(FILE);
    if (!Files.exists(path)) {
      throw new IOException(
          path + ": no control socket (is vigie run running with this state_dir?)");
    }
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      return readLine(ch, 64 * 1024);
    }
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel ch = server.accept()) {
        String command = readLine(ch, MAX_COMMAND).trim();
        String answer;
        try {
          answer = commands.apply(command);
        } catch (RuntimeException e) {
          LOG.log(
              Level.SEVERE,
              "event=control_command_failed command=" + KeyValueFormatter.quote(command),
              e);
          answer = "error " + e.getMessage();
        }
        ch.write(
            ByteBuffer.wrap((answer.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
        LOG.log(
            Level.WARNING,
            "event=control_connection_failed error="
                + KeyValueFormatter.quote(String.valueOf(e.getMessage())));
      }
    }
  }

  private static String readLine(SocketChannel ch, int max) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(max);
    while (buf.hasRemaining()) {
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      int end = indexOfNewline(buf);
      if (end >= 0) {
        return new String(buf.array(), 0, end, StandardCharsets.UTF_8);
      }
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static int indexOfNewline(ByteBuffer buf) {
    for (int i = 0; i < buf.position(); i++) {
      if (buf.get(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      server.close();
      thread.join(2000);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warning(
          () ->
              "event=control_close_failed error="
                  + KeyValueFormatter.quote(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
