package io.vigie.notify;

import io.vigie.config.NotificationsConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * {@link Mailer} over SMTP with Eclipse Angus Mail: STARTTLS whenever the server offers it (and
 * required when a password is sent), connect and I/O timeouts so a hung server costs the notify
 * thread seconds, not the day. The only class importing {@code jakarta.mail}.
 */
public final class AngusMailer implements Mailer {
  private static final String TIMEOUT_MS = "10000";

  private final Session session;
  private final InternetAddress from;

  private AngusMailer(Session session, InternetAddress from) {
    this.session = session;
    this.from = from;
  }

  /** Reads the password file now, so a missing one fails at start-up, not at the first mail. */
  public static AngusMailer open(NotificationsConfig.Smtp smtp) {
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    p.put("mail.smtp.timeout", TIMEOUT_MS);
    p.put("mail.smtp.writetimeout", TIMEOUT_MS);
    p.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
    // The server's certificate is checked against its name, as for any TLS client.
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    Authenticator auth = null;
    if (smtp.username() != null) {
      String password = readPassword(smtp.passwordFile());
      p.put("mail.smtp.auth", "true");
      p.put("mail.smtp.starttls.required", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(smtp.username(), password);
            }
          };
    }
    try {
      return new AngusMailer(Session.getInstance(p, auth), new InternetAddress(smtp.from(), true));
    } catch (MessagingException e) {
      throw new IllegalArgumentException("smtp.from '" + smtp.from() + "': " + e.getMessage(), e);
    }
  }

  private static String readPassword(String file) {
    String pw;
    try {
      pw = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("smtp password_file '" + file + "' cannot be read", e);
    }
    if (pw.isEmpty()) {
      throw new IllegalArgumentException("smtp password_file '" + file + "' is empty");
    }
    return pw;
  }

  @Override
  public void send(List<String> to, String subject, String body) throws IOException {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(from);
      InternetAddress[] rcpt = new InternetAddress[to.size()];
      for (int i = 0; i < rcpt.length; i++) {
        rcpt[i] = new InternetAddress(to.get(i), true);
      }
      m.setRecipients(Message.RecipientType.TO, rcpt);
      m.setSubject(subject, "UTF-8");
      m.setText(body, "UTF-8");
      m.setSentDate(new Date());
      Transport.send(m);
    } catch (MessagingException e) {
      // The message names the server and the SMTP reply, never the password.
      throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
