package nl.veiligmelden.cases;

import jakarta.mail.MessagingException;
import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.web.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * Once a day, a content-free e-mail to each vertrouwenspersoon who has reports whose next
 * deadline (the first reply until there is one, then feedback) is today or has passed: only how
 * many, and where to sign in. No report text, no reference, no link with a secret. The first node
 * to claim the day sends; the others do nothing.
 */
public final class Reminders {
  private static final Logger log = LoggerFactory.getLogger(Reminders.class);

  private static final String CLAIM_DAY = """
      INSERT IGNORE INTO job_run (name, run_on) VALUES ('reminders', ?)
      """;
  private static final String DUE_PER_HANDLER = """
      SELECT a.email, COUNT(*)
        FROM report r JOIN account a ON a.id = r.assigned_to
       WHERE a.active AND a.email IS NOT NULL
         AND r.status NOT IN ('afgerond', 'doorverwezen')
         AND CASE WHEN EXISTS (SELECT 1 FROM message m WHERE m.report_id = r.id AND m.author = 'handler')
                  THEN r.feedback_by ELSE r.first_reply_by END <= ?
       GROUP BY a.email
      """;

  private final Database database;
  private final Mailer mailer;
  private final String signInUrl;

  public Reminders(Database database, Mailer mailer, String signInUrl) {
    this.database = database;
    this.mailer = mailer;
    this.signInUrl = signInUrl;
  }

  /** Sends the day's reminders; the number of mails sent (0 when the day was sent already). */
  public int run(LocalDate today) throws SQLException, GeneralSecurityException {
    boolean ours = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM_DAY)) {
        s.setDate(1, Date.valueOf(today));
        return s.executeUpdate() == 1;
      }
    });
    if (!ours) {
      return 0;
    }
    Map<String, Integer> due = database.read(c -> {
      var out = new LinkedHashMap<String, Integer>();
      try (PreparedStatement s = c.prepareStatement(DUE_PER_HANDLER)) {
        s.setDate(1, Date.valueOf(today));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      return out;
    });
    Messages nl = Messages.of(Messages.DUTCH);
    Messages en = Messages.of(Messages.ENGLISH);
    int sent = 0;
    for (var entry : due.entrySet()) {
      String body = nl.format("reminder.body", entry.getValue(), signInUrl) + "\n\n---\n\n" + en.format("reminder.body", entry.getValue(), signInUrl);
      try {
        mailer.send(entry.getKey(), nl.get("reminder.subject") + " / " + en.get("reminder.subject"), body);
        sent++;
      } catch (MessagingException | RuntimeException e) {
        log.warn("A reminder could not be sent: {}", e.getClass().getSimpleName());
      }
    }
    return sent;
  }
}
