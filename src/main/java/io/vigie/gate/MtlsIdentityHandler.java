package io.vigie.gate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vigie.config.GateConfig;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * After a TLS handshake that required a client certificate signed by the configured CA, takes the
 * identity from the certificate's subject CN and the target from the server name (SNI: the target's
 * name, or its first label, e.g. {@code cam-001.gate.ville.example}); a listener with a single
 * target needs no SNI.
 */
final class MtlsIdentityHandler extends ChannelInboundHandlerAdapter {
  private final GateContext gate;
  private final GateConfig.Listener listener;

  MtlsIdentityHandler(GateContext gate, GateConfig.Listener listener) {
    this.gate = gate;
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof SslHandshakeCompletionEvent done)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (!done.isSuccess()) {
      gate.refuse(
          ctx.channel(),
          listener,
          null,
          null,
          "tls_handshake",
          String.valueOf(done.cause().getMessage()),
          true);
      return;
    }
    SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
    String cn = commonName(session);
    Optional<GateConfig.Identity> who = gate.identities.byCertCn(cn);
    String target = target(session);
    if (who.isEmpty()) {
      gate.refuse(
          ctx.channel(),
          listener,
          null,
          target,
          "unknown_certificate",
          "no identity has cert_cn '" + cn + "'",
          true);
      return;
    }
    if (target == null) {
      gate.refuse(
          ctx.channel(),
          listener,
          who.get().name(),
          null,
          "unknown_target",
          "no SNI name naming a target of this listener",
          true);
      return;
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(new GateRequest(who.get(), target));
  }

  private String target(SSLSession session) {
    List<GateConfig.Target> targets = listener.targets();
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n instanceof SNIHostName h) {
          String host = h.getAsciiName();
          int dot = host.indexOf('.');
          for (GateConfig.Target t : targets) {
            if (t.name().equalsIgnoreCase(host)
                || dot > 0 && t.name().equalsIgnoreCase(host.substring(0, dot))) {
              return t.name();
            }
          }
        }
      }
    }
    return targets.size() == 1 ? targets.get(0).name() : null;
  }

  private static String commonName(SSLSession session)
      throws SSLPeerUnverifiedException, InvalidNameException {
    Certificate[] chain = session.getPeerCertificates();
    X509Certificate leaf = (X509Certificate) chain[0];
    for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
      if ("CN".equalsIgnoreCase(rdn.getType())) {
        return String.valueOf(rdn.getValue());
      }
    }
    return "";
  }
}
