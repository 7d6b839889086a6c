package io.vigie.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loopback TCP relay that records what a real client and a real server say to each other, in the
 * order it was read, so the bytes can be fed to the engine as the flow table would.
 */
final class Relay implements AutoCloseable {
  /** One read of one direction. */
  record Chunk(boolean fromClient, byte[] bytes) {}

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  Relay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptOne, "vigie-test-relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    threads.add(acceptor);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptOne() {
    try {
      Socket client = listener.accept();
      Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      Thread up = pump(client, server, true);
      Thread down = pump(server, client, false);
      up.join();
      down.join();
    } catch (IOException | InterruptedException e) {
      // the test sees missing chunks
    }
  }

  private Thread pump(Socket from, Socket to, boolean fromClient) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  synchronized (chunks) {
                    chunks.add(new Chunk(fromClient, Arrays.copyOf(buf, n)));
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection closed by the other side
              } finally {
                try {
                  to.shutdownOutput();
                } catch (IOException e) {
                  // already closed
                }
              }
            },
            "vigie-test-relay-" + (fromClient ? "up" : "down"));
    t.setDaemon(true);
    t.start();
    synchronized (threads) {
      threads.add(t);
    }
    return t;
  }

  /** Waits (bounded) for both directions to finish, then returns what was recorded. */
  List<Chunk> chunks(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    for (Thread t : List.copyOf(threads)) {
      t.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    synchronized (chunks) {
      return List.copyOf(chunks);
    }
  }

  /** Feeds the recorded conversation to a fresh flow of the feeder. */
  TestFlow replay(Feeder f, int serverPort) throws InterruptedException {
    TestFlow flow = TestFlow.tcp(50000, serverPort);
    f.start(flow);
    for (Chunk c : chunks(20_000)) {
      f.feed(flow, c.fromClient(), c.bytes());
    }
    f.end(flow);
    return flow;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
