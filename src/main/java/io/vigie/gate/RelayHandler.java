package io.vigie.gate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Copies one direction to the peer channel with backpressure: auto-read is off, each read is one
 * buffer of at most 64 KiB, and the next read is asked for only while the peer is writable (below
 * its high water mark). When the peer drains below its low mark, its relay asks this channel to
 * read again. So at most a water mark plus one read is queued per direction, whatever the speed of
 * either side.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
  private final Channel peer;
  private final GateConnection conn;
  private final boolean towardTarget;

  /**
   * @param peer where this channel's bytes go
   * @param towardTarget whether this channel is the vendor's (its bytes go to the target)
   */
  RelayHandler(Channel peer, GateConnection conn, boolean towardTarget) {
    this.peer = peer;
    this.conn = conn;
    this.towardTarget = towardTarget;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf b = (ByteBuf) msg;
    if (conn.isClosed()) {
      b.release();
      return;
    }
    conn.onData(towardTarget, b.readableBytes());
    peer.writeAndFlush(b)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                conn.close("write_failed", false);
              }
            });
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (peer.isWritable() && !conn.isClosed()) {
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // This channel drained: the peer, whose bytes fill it, may read again.
    if (ctx.channel().isWritable() && !conn.isClosed()) {
      peer.read();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    conn.close(towardTarget ? "vendor_closed" : "target_closed", true);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      conn.close("idle", false);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    conn.close("error", false);
  }
}
