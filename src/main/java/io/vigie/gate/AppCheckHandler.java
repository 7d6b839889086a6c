package io.vigie.gate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigie.config.GateConfig;

/**
 * Holds the first bytes of one direction until {@link AppSniffer} recognises the listener's
 * application, then lets them and everything after pass and leaves the pipeline. Bytes that are not
 * the application end the connection: a gate for SSH does not relay RDP.
 */
final class AppCheckHandler extends ChannelInboundHandlerAdapter {
  private final GateContext gate;
  private final GateConfig.Listener listener;
  private final GateConnection conn;
  private final boolean fromClient;
  private ByteBuf held;

  AppCheckHandler(
      GateContext gate, GateConfig.Listener listener, GateConnection conn, boolean fromClient) {
    this.gate = gate;
    this.listener = listener;
    this.conn = conn;
    this.fromClient = fromClient;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (held == null) {
      held = in;
    } else {
      held = ctx.alloc().compositeBuffer().addComponents(true, held, in);
    }
    int n = Math.min(held.readableBytes(), AppSniffer.MAX_PREFIX);
    byte[] prefix = new byte[n];
    held.getBytes(held.readerIndex(), prefix);
    AppSniffer.Result r = AppSniffer.check(conn.app(), fromClient, prefix, n);
    if (r == AppSniffer.Result.MORE && n < AppSniffer.MAX_PREFIX) {
      return;
    }
    ByteBuf out = held;
    held = null;
    if (r == AppSniffer.Result.MATCH) {
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(out);
      return;
    }
    out.release();
    String side = fromClient ? "the vendor" : "the target";
    gate.report(
        conn.peerAddress(),
        listener,
        conn.identity(),
        conn.target().name(),
        "app_mismatch",
        side
            + " does not speak "
            + conn.app().wireName()
            + " (first bytes "
            + printable(prefix)
            + ")",
        true);
    conn.close("app_mismatch", false);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(
          x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
    }
    return sb.toString();
  }
}
