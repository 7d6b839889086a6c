package io.vigie.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One TCP conversation as a capture next to the server's switch would see it: three-way handshake,
 * data segmented at the MSS with sequence and acknowledgement numbers that advance, delayed ACKs
 * every second segment, and a FIN teardown.
 *
 * <pre>{@code
 * TcpSession s = new TcpSession(vms, 41000, cam, 554, startNanos, 300_000, 0x1234);
 * s.connect();
 * s.send(true, request);   // client to server
 * s.send(false, reply);    // server to client
 * s.close(true);
 * List<Packet> packets = s.packets();
 * }</pre>
 */
public final class TcpSession {
  private static final int WINDOW = 502; // 64256 bytes with the window scale of 7

  private final Host client;
  private final int clientPort;
  private final Host server;
  private final int serverPort;
  private final long rttNanos;
  private final List<Packet> packets = new ArrayList<>();
  private final byte[] buf = new byte[Frames.MAX_FRAME];
  private long now;
  private int clientSeq;
  private int serverSeq;
  private int clientIpId;
  private int serverIpId;
  private boolean clientOwesAck;
  private boolean serverOwesAck;

  /**
   * @param seed makes the initial sequence numbers and IP ids; same seed, same bytes
   */
  public TcpSession(
      Host client,
      int clientPort,
      Host server,
      int serverPort,
      long startNanos,
      long rttNanos,
      long seed) {
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.serverPort = serverPort;
    this.rttNanos = rttNanos;
    this.now = startNanos;
    long mixed = mix(seed);
    this.clientSeq = (int) mixed;
    this.serverSeq = (int) (mixed >>> 32);
    this.clientIpId = (int) (mix(mixed) & 0xffff);
    this.serverIpId = (int) ((mix(mixed) >>> 16) & 0xffff);
  }

  public void connect() {
    emit(true, Frames.SYN, null, 0, 0);
    clientSeq++;
    now += rttNanos / 2;
    emit(false, Frames.SYN | Frames.ACK, null, 0, 0);
    serverSeq++;
    now += rttNanos / 2;
    emit(true, Frames.ACK, null, 0, 0);
  }

  /**
   * Sends {@code data} from the client ({@code fromClient}) or the server, then lets RTT/2 pass.
   */
  public void send(boolean fromClient, byte[] data) {
    flushOwedAck(fromClient);
    int segments = 0;
    for (int off = 0; off < data.length; off += Frames.MSS) {
      int len = Math.min(Frames.MSS, data.length - off);
      boolean last = off + len >= data.length;
      emit(fromClient, Frames.ACK | (last ? Frames.PSH : 0), data, off, len);
      advance(fromClient, len);
      now += 12_000; // serialisation of a full frame at 1 Gbit/s
      if (++segments % 2 == 0 && !last) {
        // The receiver's delayed ACK, every second full segment (RFC 1122 4.2.3.2).
        emit(!fromClient, Frames.ACK, null, 0, 0);
      }
    }
    if (fromClient) {
      serverOwesAck = true;
    } else {
      clientOwesAck = true;
    }
    now += rttNanos / 2;
  }

  /** Lets time pass with nothing on the wire (think time, keepalive interval). */
  public void idle(long nanos) {
    now += nanos;
  }

  /** Moves the clock forward to {@code tsNanos} if it is later. */
  public void idleUntil(long tsNanos) {
    now = Math.max(now, tsNanos);
  }

  /** FIN from the closing side, FIN/ACK back, final ACK. */
  public void close(boolean clientCloses) {
    emit(clientCloses, Frames.FIN | Frames.ACK, null, 0, 0);
    advance(clientCloses, 1);
    clearOwed();
    now += rttNanos / 2;
    emit(!clientCloses, Frames.FIN | Frames.ACK, null, 0, 0);
    advance(!clientCloses, 1);
    now += rttNanos / 2;
    emit(clientCloses, Frames.ACK, null, 0, 0);
  }

  public long now() {
    return now;
  }

  public List<Packet> packets() {
    return List.copyOf(packets);
  }

  private void flushOwedAck(boolean sender) {
    // Data from the other side not yet acknowledged, and this side talks again: the peer ACKs
    // first.
    if (sender && clientOwesAck) {
      emit(true, Frames.ACK, null, 0, 0);
      now += 40_000;
    } else if (!sender && serverOwesAck) {
      emit(false, Frames.ACK, null, 0, 0);
      now += 40_000;
    }
    clearOwed();
  }

  private void clearOwed() {
    clientOwesAck = false;
    serverOwesAck = false;
  }

  private void advance(boolean fromClient, int n) {
    if (fromClient) {
      clientSeq += n;
    } else {
      serverSeq += n;
    }
  }

  private void emit(boolean fromClient, int flags, byte[] data, int off, int len) {
    int n;
    if (fromClient) {
      n =
          Frames.tcp(
              buf,
              client,
              clientPort,
              server,
              serverPort,
              clientIpId++ & 0xffff,
              clientSeq,
              serverSeq,
              flags,
              (flags & Frames.SYN) != 0 ? 64240 : WINDOW,
              data,
              off,
              len);
    } else {
      n =
          Frames.tcp(
              buf,
              server,
              serverPort,
              client,
              clientPort,
              serverIpId++ & 0xffff,
              serverSeq,
              clientSeq,
              flags,
              (flags & Frames.SYN) != 0 ? 65160 : WINDOW,
              data,
              off,
              len);
    }
    packets.add(new Packet(now, Arrays.copyOf(buf, n)));
  }

  /** SplitMix64 finaliser: spreads a small seed over all bits. */
  static long mix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
