package io.vigie.gate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A vendor client of a token listener, by hand, so tests see every byte the gate sends. */
final class GateClientSocket implements AutoCloseable {
  final Socket socket = new Socket();
  final String answer;

  GateClientSocket(InetSocketAddress gate, String token, String target, String after)
      throws IOException {
    socket.connect(gate, 5000);
    socket.setSoTimeout(5000);
    socket
        .getOutputStream()
        .write(
            ("VIGIE1 " + token + " " + target + "\n" + after)
                .getBytes(StandardCharsets.ISO_8859_1));
    answer = readLine();
  }

  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    return c < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  String readExactly(int n) throws IOException {
    byte[] b = socket.getInputStream().readNBytes(n);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  void send(String s) throws IOException {
    socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Milliseconds until the gate closes the connection (EOF or reset), at most {@code maxMillis}.
   */
  long millisUntilClosed(long maxMillis) throws IOException {
    long t0 = System.nanoTime();
    socket.setSoTimeout((int) maxMillis);
    try {
      while (socket.getInputStream().read() >= 0) {
        // drain whatever was in flight
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after " + maxMillis + " ms");
    } catch (IOException e) {
      // reset: closed too
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
