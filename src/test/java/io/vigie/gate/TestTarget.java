package io.vigie.gate;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target on loopback that sends a banner, then either echoes (like a line-oriented server) or
 * floods as fast as its socket takes data (to test the gate's backpressure). It uses unpooled heap
 * buffers so that the pooled direct memory measured in tests is the gate's alone.
 */
final class TestTarget implements AutoCloseable {
  final AtomicInteger accepted = new AtomicInteger();

  /** Where the last connection came from. */
  final java.util.concurrent.atomic.AtomicReference<java.net.SocketAddress> lastPeer =
      new java.util.concurrent.atomic.AtomicReference<>();

  final AtomicLong sent = new AtomicLong();
  private final EventLoopGroup group =
      new NioEventLoopGroup(1, new DefaultThreadFactory("vigie-test-target"));
  private final Channel server;

  private TestTarget(String banner, boolean flood) throws InterruptedException {
    byte[] chunk = new byte[16 * 1024];
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelActive(ChannelHandlerContext ctx) {
                                lastPeer.set(ctx.channel().remoteAddress());
                                accepted.incrementAndGet();
                                ctx.writeAndFlush(
                                    Unpooled.copiedBuffer(banner, StandardCharsets.US_ASCII));
                                if (flood) {
                                  pump(ctx);
                                }
                              }

                              @Override
                              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                                if (flood) {
                                  pump(ctx);
                                }
                              }

                              private void pump(ChannelHandlerContext ctx) {
                                while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                                  ctx.writeAndFlush(Unpooled.wrappedBuffer(chunk));
                                  sent.addAndGet(chunk.length);
                                }
                              }

                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (flood) {
                                  ((ByteBuf) msg).release();
                                } else {
                                  ctx.writeAndFlush(msg);
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                              }
                            });
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  static TestTarget echo(String banner) throws InterruptedException {
    return new TestTarget(banner, false);
  }

  static TestTarget flood(String banner) throws InterruptedException {
    return new TestTarget(banner, true);
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
