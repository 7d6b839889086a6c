package io.vigie.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes small pcap and pcapng files byte by byte, in either byte order, for reader tests. */
final class CaptureFileBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  CaptureFileBuilder(ByteOrder order) {
    this.order = order;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }

  CaptureFileBuilder raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  private ByteBuffer buf(int n) {
    return ByteBuffer.allocate(n).order(order);
  }

  /** Classic pcap header; {@code nanos} picks the a1b23c4d magic. */
  CaptureFileBuilder pcapHeader(boolean nanos, int snapLen, int linkType) {
    ByteBuffer b = buf(24);
    b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(snapLen)
        .putInt(linkType);
    return raw(b.array());
  }

  CaptureFileBuilder pcapRecord(long sec, long frac, byte[] data, int wireLen) {
    ByteBuffer b = buf(16 + data.length);
    b.putInt((int) sec).putInt((int) frac).putInt(data.length).putInt(wireLen).put(data);
    return raw(b.array());
  }

  /** A pcapng block: type, body, padding and both lengths. */
  CaptureFileBuilder block(int type, byte[] body) {
    int padded = (body.length + 3) & ~3;
    ByteBuffer b = buf(12 + padded);
    b.putInt(type).putInt(12 + padded).put(body);
    b.position(8 + padded);
    b.putInt(12 + padded);
    return raw(b.array());
  }

  /** Section header block; switches the builder to {@code newOrder}. */
  CaptureFileBuilder section(ByteOrder newOrder) {
    order = newOrder;
    ByteBuffer b = buf(16);
    b.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
    return block(0x0a0d0d0a, b.array());
  }

  /** Interface description block; {@code tsresol} < 0 leaves the option out, offset 0 too. */
  CaptureFileBuilder interfaceBlock(int linkType, int tsresol, long tsoffset) {
    ByteBuffer b = buf(64);
    b.putShort((short) linkType).putShort((short) 0).putInt(65535);
    b.putShort((short) 2).putShort((short) 3).put(new byte[] {'l', 'o', 0, 0}); // if_name, padded
    if (tsresol >= 0) {
      b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
    }
    if (tsoffset != 0) {
      b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
    }
    b.putShort((short) 0).putShort((short) 0);
    byte[] body = new byte[b.position()];
    b.flip().get(body);
    return block(1, body);
  }

  CaptureFileBuilder epb(int iface, long ts, byte[] data, int wireLen) {
    ByteBuffer b = buf(20 + data.length);
    b.putInt(iface)
        .putInt((int) (ts >>> 32))
        .putInt((int) ts)
        .putInt(data.length)
        .putInt(wireLen)
        .put(data);
    return block(6, b.array());
  }

  CaptureFileBuilder spb(byte[] data) {
    ByteBuffer b = buf(4 + data.length);
    b.putInt(data.length).put(data);
    return block(3, b.array());
  }

  /** The obsolete Packet Block (type 2). */
  CaptureFileBuilder packetBlock(int iface, long ts, byte[] data, int wireLen) {
    ByteBuffer b = buf(20 + data.length);
    b.putShort((short) iface)
        .putShort((short) 0)
        .putInt((int) (ts >>> 32))
        .putInt((int) ts)
        .putInt(data.length)
        .putInt(wireLen)
        .put(data);
    return block(2, b.array());
  }
}
