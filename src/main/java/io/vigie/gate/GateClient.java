package io.vigie.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The vendor's side of a token listener: sends the {@code VIGIE1} line, reads the gate's answer,
 * then bridges two streams (stdin/stdout as an ssh {@code ProxyCommand}) with the gate.
 *
 * <pre>
 * ssh -o ProxyCommand='vigie gate connect --url gate.ville.example:2222 --token-file ~/.vigie-token --target cam-001' root@cam-001
 * </pre>
 */
public final class GateClient {
  /** The gate said no; the message names the reason. */
  public static final class Refused extends IOException {
    public Refused(String reason) {
      super("the gate refused the connection: " + reason);
    }
  }

  private GateClient() {}

  /**
   * Connects, authenticates and copies {@code in} to the gate and the gate to {@code out} until
   * both directions end.
   *
   * @return the window the gate admitted the connection under
   */
  public static String bridge(
      InetSocketAddress gate, String token, String target, InputStream in, OutputStream out)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(gate, 10_000);
      s.setTcpNoDelay(true);
      OutputStream toGate = s.getOutputStream();
      toGate.write(("VIGIE1 " + token + " " + target + "\n").getBytes(StandardCharsets.US_ASCII));
      toGate.flush();
      InputStream fromGate = s.getInputStream();
      String answer = readLine(fromGate);
      if (answer == null) {
        throw new Refused("connection closed without an answer");
      }
      if (answer.startsWith("VIGIE1 REFUSED ")) {
        throw new Refused(answer.substring("VIGIE1 REFUSED ".length()));
      }
      if (!answer.startsWith("VIGIE1 OK ")) {
        throw new IOException("not a vigie gate (answered '" + answer + "')");
      }
      Thread up =
          new Thread(
              () -> {
                try {
                  in.transferTo(toGate);
                  s.shutdownOutput();
                } catch (IOException e) {
                  // The gate closed: the other direction ends too.
                }
              },
              "vigie-gate-client-up");
      up.setDaemon(true);
      up.start();
      byte[] buf = new byte[16 * 1024];
      int n;
      try {
        while ((n = fromGate.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // Reset by the gate (window ended): the session is over either way.
      }
      return answer.substring("VIGIE1 OK ".length());
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (sb.length() > 512) {
        throw new IOException("answer line too long");
      }
      sb.append((char) c);
    }
    return c < 0 && sb.length() == 0 ? null : sb.toString();
  }
}
