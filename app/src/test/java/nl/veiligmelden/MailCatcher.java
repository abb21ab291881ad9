package nl.veiligmelden;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import nl.veiligmelden.config.Settings;

/**
 * A mail server for tests: GreenMail, the one fake of something outside us, taking SMTP on
 * 127.0.0.1 on a port it binds itself (no free-port guess that another test could take first).
 */
public final class MailCatcher implements AutoCloseable {
  private final GreenMail mail;

  private MailCatcher(GreenMail mail) {
    this.mail = mail;
  }

  public static MailCatcher start() {
    var mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    return new MailCatcher(mail);
  }

  /** What the server under test is given as its mail server. */
  public Settings.Smtp smtp() {
    return new Settings.Smtp("127.0.0.1", mail.getSmtp().getPort(), "veiligmelden@hogeschool.example", "", "", false);
  }

  public MimeMessage[] received() {
    return mail.getReceivedMessages();
  }

  /** Whether {@code count} mails have arrived within {@code millis}. */
  public boolean waitFor(long millis, int count) {
    return mail.waitForIncomingEmail(millis, count);
  }

  @Override
  public void close() {
    mail.stop();
  }
}
