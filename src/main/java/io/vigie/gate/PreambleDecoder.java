package io.vigie.gate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigie.config.GateConfig;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Authenticates a plain TCP client by its first line, {@code VIGIE1 <token> <target>\n}, and passes
 * on a {@link GateRequest} followed by whatever bytes came after the line. The line may hold at
 * most {@value #MAX_LINE} bytes; anything else is refused at once.
 *
 * <pre>
 *  vendor: VIGIE1 s3cr3t cam-001\n SSH-2.0-OpenSSH_9.2\r\n ...
 *  gate:   VIGIE1 OK W-20261123-001\n SSH-2.0-... (from the target)
 * </pre>
 */
final class PreambleDecoder extends ChannelInboundHandlerAdapter {
  static final int MAX_LINE = 512;

  private final GateContext gate;
  private final GateConfig.Listener listener;
  private ByteBuf line;
  private boolean done;

  PreambleDecoder(GateContext gate, GateConfig.Listener listener) {
    this.gate = gate;
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // A small heap buffer: the line must not depend on direct memory, which a flood elsewhere
    // can exhaust (the allocation then failed, and handlerRemoved met a null line).
    line = Unpooled.buffer(64, MAX_LINE);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (line != null) {
      line.release();
      line = null;
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (done) {
      ctx.fireChannelRead(in);
      return;
    }
    try {
      int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
      int take = nl < 0 ? in.readableBytes() : nl - in.readerIndex() + 1;
      if (line.readableBytes() + take > MAX_LINE) {
        done = true;
        gate.refuse(
            ctx.channel(),
            listener,
            null,
            null,
            "bad_preamble",
            "first line longer than " + MAX_LINE + " bytes",
            true);
        return;
      }
      line.writeBytes(in, take);
      if (nl < 0) {
        return;
      }
      done = true;
      String text = line.toString(StandardCharsets.US_ASCII).strip();
      String[] parts = text.split(" ", -1);
      if (parts.length != 3 || !"VIGIE1".equals(parts[0]) || parts[2].isEmpty()) {
        gate.refuse(
            ctx.channel(),
            listener,
            null,
            null,
            "bad_preamble",
            "first line is not 'VIGIE1 <token> <target>'",
            true);
        return;
      }
      Optional<GateConfig.Identity> who = gate.identities.byToken(parts[1]);
      if (who.isEmpty()) {
        gate.refuse(
            ctx.channel(),
            listener,
            null,
            parts[2],
            "unknown_token",
            "no identity has this token",
            true);
        return;
      }
      ctx.fireChannelRead(new GateRequest(who.get(), parts[2]));
      if (in.isReadable()) {
        ctx.fireChannelRead(in.retain());
      }
      ctx.pipeline().remove(this);
    } finally {
      in.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!done) {
      ctx.read();
    }
    ctx.fireChannelReadComplete();
  }
}
