package nl.veiligmelden.cases;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import nl.veiligmelden.config.Settings;
/** Sends plain-text mail over SMTP (Jakarta Mail). Only ever content-free reminders. */
public final class Mailer {
  private final Settings.Smtp smtp;
  private final Session session;

  public Mailer(Settings.Smtp smtp) {
    this.smtp = smtp;
    var p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
    boolean auth = !smtp.user().isEmpty();
    p.put("mail.smtp.auth", Boolean.toString(auth));
    this.session = auth
        ? Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(smtp.user(), smtp.password());
            }
          })
        : Session.getInstance(p);
  }

  public void send(String to, String subject, String body) throws MessagingException {
    var message = new MimeMessage(session);
    message.setFrom(new InternetAddress(smtp.from()));
    // One address, parsed strictly: a stored address cannot smuggle in more recipients or headers.
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(body, "UTF-8");
    Transport.send(message);
  }
}
