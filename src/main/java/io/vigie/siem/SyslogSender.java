package io.vigie.siem;

import io.vigie.config.OutputsConfig;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.output.RecordJson;
import io.vigie.output.SiteStamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code outputs.syslog}: each notice as an RFC 5424 message, its body the notice's JSON (the
 * fields of {@code replay --json} plus the site), over TCP or TLS with octet-counted framing (RFC
 * 6587 section 3.4.1, RFC 5425) or over UDP, one message per datagram (RFC 5426).
 *
 * <pre>
 * &lt;132&gt;1 2026-12-02T06:12:23.000000Z nice-est vigie - vendor_outside_window [origin software="vigie"] {"type":"notice",...}
 *  PRI = facility * 8 + severity (critical 2, high 3, warning 4, info 6); MSGID = the note
 * </pre>
 *
 * <p>The capture threads only queue (bounded, counted when full); the {@code vigie-syslog} thread
 * connects, sends, and reconnects with a back-off, keeping the message it could not send.
 */
public final class SyslogSender implements NoticeSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.siem");
  private static final int QUEUE = 10_000;
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final OutputsConfig.SyslogOutput cfg;
  private final String hostname;
  private final RecordJson json;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final SSLContext tls;
  private final Thread thread;
  private volatile boolean closing;
  private Socket socket;
  private OutputStream stream;
  private DatagramSocket udp;

  /**
   * @param hostname the HOSTNAME field: the site's name, else this host's name
   * @param configDir where a relative {@code ca_file} is read from
   */
  public SyslogSender(
      OutputsConfig.SyslogOutput cfg, SiteStamp site, String hostname, Path configDir)
      throws IOException {
    this.cfg = cfg;
    this.hostname = printable(hostname, 255);
    this.json = new RecordJson(site);
    this.tls =
        cfg.transport() == OutputsConfig.Transport.TLS
            ? context(cfg.caFile() == null ? null : configDir.resolve(cfg.caFile()))
            : null;
    this.thread = new Thread(this::run, "vigie-syslog");
    thread.setDaemon(true);
    thread.start();
  }

  /** Notices not queued because the queue was full (the receiver down too long). */
  public long dropped() {
    return dropped.get();
  }

  /** Messages written to the socket. */
  public long sent() {
    return sent.get();
  }

  @Override
  public void onNotice(Notice n) {
    byte[] body;
    synchronized (json) {
      body = json.notice(n).json();
    }
    if (!queue.offer(message(n, body))) {
      dropped.incrementAndGet();
    }
  }

  /** The RFC 5424 message, without framing. */
  byte[] message(Notice n, byte[] body) {
    int severity =
        n.severity() == null
            ? 5
            : switch (n.severity()) {
              case CRITICAL -> 2;
              case HIGH -> 3;
              case WARNING -> 4;
              case INFO -> 6;
            };
    String head =
        "<"
            + (cfg.facility() * 8 + severity)
            + ">1 "
            + TS.format(Instant.ofEpochSecond(0, n.tsNanos()))
            + " "
            + hostname
            + " vigie - "
            + printable(n.note(), 32)
            + " [origin software=\"vigie\"] ";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[h.length + body.length];
    System.arraycopy(h, 0, m, 0, h.length);
    System.arraycopy(body, 0, m, h.length, body.length);
    return m;
  }

  /** RFC 5424 header fields are printable US-ASCII without spaces, or "-" when empty. */
  private static String printable(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      b.append(c > 32 && c < 127 ? c : '_');
    }
    return b.toString();
  }

  private void run() {
    long backoffMs = 500;
    byte[] pending = null;
    while (!closing || pending != null || !queue.isEmpty()) {
      try {
        if (pending == null) {
          pending = queue.poll(200, TimeUnit.MILLISECONDS);
          if (pending == null) {
            continue;
          }
        }
        send(pending);
        pending = null;
        sent.incrementAndGet();
        backoffMs = 500;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        disconnect();
        if (closing) {
          return; // closing: what is left cannot be sent now
        }
        LOG.warning(
            "event=syslog_send_failed host="
                + cfg.host()
                + " port="
                + cfg.port()
                + " error=\""
                + e.getMessage()
                + "\"");
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
    disconnect();
  }

  private void send(byte[] msg) throws IOException {
    if (cfg.transport() == OutputsConfig.Transport.UDP) {
      if (udp == null) {
        udp = new DatagramSocket();
      }
      udp.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(cfg.host(), cfg.port())));
      return;
    }
    if (stream == null) {
      connect();
    }
    // Octet counting: "LEN SP MSG", so a message may hold any byte (RFC 6587 3.4.1).
    stream.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
    stream.write(msg);
    stream.flush();
  }

  private void connect() throws IOException {
    Socket s;
    if (tls != null) {
      SSLSocket ss = (SSLSocket) tls.getSocketFactory().createSocket();
      ss.connect(new InetSocketAddress(cfg.host(), cfg.port()), 10_000);
      SSLParameters p = ss.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
      ss.setSSLParameters(p);
      ss.startHandshake();
      s = ss;
    } else {
      s = new Socket();
      s.connect(new InetSocketAddress(cfg.host(), cfg.port()), 10_000);
    }
    socket = s;
    stream = new java.io.BufferedOutputStream(s.getOutputStream(), 16_384);
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken socket: nothing more to do
      }
    }
    socket = null;
    stream = null;
    if (udp != null) {
      udp.close();
      udp = null;
    }
  }

  private static SSLContext context(Path caFile) throws IOException {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
          int i = 0;
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            ks.setCertificateEntry("ca-" + i++, c);
          }
        }
        tmf.init(ks);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("syslog ca_file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends what is queued (waiting up to {@code waitMillis} for the receiver), then stops the
   * thread.
   */
  public void close(long waitMillis) {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closing = true;
    try {
      thread.join(Math.max(1000, waitMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(5_000);
  }
}
