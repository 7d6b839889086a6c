package io.vigie.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many raw TCP connections held open by the test, as an attacker would: each connects from one of
 * the given loopback sources and writes what it can of its payload without reading any answer.
 * Counts how many connected and how many the server cut (reset, closed) so far.
 */
final class Flood implements AutoCloseable {
  private final List<SocketChannel> open = new ArrayList<>();
  private int connected;
  private int failed;

  /**
   * Opens {@code count} connections round-robin over {@code sources}, each writing {@code payload}
   * (non-blocking).
   */
  static Flood open(int count, List<String> sources, int port, byte[] payload) {
    Flood f = new Flood();
    f.more(count, sources, port, payload);
    return f;
  }

  /** Opens {@code count} more connections, as {@link #open}. */
  void more(int count, List<String> sources, int port, byte[] payload) {
    Flood f = this;
    for (int i = 0; i < count; i++) {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        ch.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        ch.configureBlocking(false);
        ch.write(ByteBuffer.wrap(payload));
        f.open.add(ch);
        f.connected++;
      } catch (IOException e) {
        f.failed++;
      }
    }
  }

  /**
   * Writes one more byte on every connection still open (slowloris); those the server cut are
   * dropped.
   */
  void trickle(byte b) {
    sweep(b, true);
  }

  /** Drops the connections the server has cut or answered so far, writing nothing. */
  void reap() {
    sweep((byte) 0, false);
  }

  private void sweep(byte b, boolean write) {
    for (int i = open.size() - 1; i >= 0; i--) {
      SocketChannel ch = open.get(i);
      try {
        if (write) {
          ch.write(ByteBuffer.wrap(new byte[] {b}));
        }
        // Reading tells a reset, a close or an answer (a refusal line, an error status) from
        // the server: any of them means the server has let go of this connection.
        if (ch.read(ByteBuffer.allocate(1024)) != 0) {
          throw new IOException("answered or closed by the server");
        }
      } catch (IOException e) {
        closeQuietly(ch);
        open.remove(i);
        failed++;
      }
    }
  }

  int connected() {
    return connected;
  }

  int stillOpen() {
    return open.size();
  }

  int cut() {
    return failed;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    open.forEach(Flood::closeQuietly);
    open.clear();
  }
}
