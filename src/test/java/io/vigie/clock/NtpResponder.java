package io.vigie.clock;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;

/**
 * A minimal NTP server on 127.0.0.1 for tests: answers client requests as a server whose clock is
 * {@code skewMillis} ahead of ours, or misbehaves as told.
 */
final class NtpResponder implements AutoCloseable {
  enum Behaviour {
    ANSWER,
    SILENT,
    UNSYNCHRONISED,
    KISS_OF_DEATH
  }

  private final DatagramSocket socket;
  private final Thread thread;
  private volatile long skewMillis;
  private volatile Behaviour behaviour = Behaviour.ANSWER;

  NtpResponder(long skewMillis) throws SocketException {
    this.skewMillis = skewMillis;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.thread = new Thread(this::serve, "vigie-test-ntp-responder");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void behave(Behaviour b) {
    this.behaviour = b;
  }

  void skew(long millis) {
    this.skewMillis = millis;
  }

  private void serve() {
    byte[] buf = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(in);
        long received = System.currentTimeMillis() + skewMillis;
        Behaviour b = behaviour;
        if (b == Behaviour.SILENT) {
          continue;
        }
        NtpV3Impl request = new NtpV3Impl();
        request.setDatagramPacket(in);
        NtpV3Impl reply = new NtpV3Impl();
        reply.setVersion(NtpV3Packet.VERSION_4);
        reply.setMode(NtpV3Packet.MODE_SERVER);
        reply.setLeapIndicator(
            b == Behaviour.UNSYNCHRONISED
                ? NtpV3Packet.LI_ALARM_CONDITION
                : NtpV3Packet.LI_NO_WARNING);
        reply.setStratum(b == Behaviour.KISS_OF_DEATH ? 0 : 2);
        reply.setReferenceId(b == Behaviour.KISS_OF_DEATH ? 0x52415445 : 0x7f000001); // "RATE"
        reply.setPoll(6);
        reply.setReferenceTime(TimeStamp.getNtpTime(received - 10_000));
        reply.setOriginateTimeStamp(request.getTransmitTimeStamp());
        reply.setReceiveTimeStamp(TimeStamp.getNtpTime(received));
        reply.setTransmitTime(TimeStamp.getNtpTime(System.currentTimeMillis() + skewMillis));
        DatagramPacket out = reply.getDatagramPacket();
        out.setSocketAddress(in.getSocketAddress());
        socket.send(out);
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
