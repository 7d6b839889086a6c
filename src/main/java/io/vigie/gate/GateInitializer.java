package io.vigie.gate;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.vigie.config.GateConfig;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a vendor's connection to one listener, one handler per concern: idle timeout, TLS
 * (mtls listeners), authentication (certificate or preamble line), admission; the app check and the
 * relay replace admission once the target is connected.
 */
final class GateInitializer extends ChannelInitializer<SocketChannel> {
  private final GateContext gate;
  private final GateConfig.Listener listener;
  private final SslContext ssl;

  /**
   * @param ssl the server context with client auth required, null for token listeners
   */
  GateInitializer(GateContext gate, GateConfig.Listener listener, SslContext ssl) {
    this.gate = gate;
    this.listener = listener;
    this.ssl = ssl;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("idle", new IdleStateHandler(0, 0, gate.config.idleSeconds(), TimeUnit.SECONDS));
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
      p.addLast("auth", new MtlsIdentityHandler(gate, listener));
    } else {
      p.addLast("auth", new PreambleDecoder(gate, listener));
    }
    p.addLast("admission", new AdmissionHandler(gate, listener));
  }
}
