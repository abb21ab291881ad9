package nl.veiligmelden.cases;

import jakarta.mail.MessagingException;
import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Notices;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.DutchHolidays;
import nl.veiligmelden.web.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the content-free notices (docs/DESIGN.md, "The desk"): one mail per account that has
 * something new, saying only that there is something new and where to sign in, never which report,
 * what kind or what was written; at most one an hour per account, what came in meanwhile in the
 * next one. Once a day it also looks for queued reports nobody has answered whose acknowledgement
 * deadline is two working days away or less, and gives the intake coordinators a notice.
 */
public final class NoticeMail {
  private static final Logger log = LoggerFactory.getLogger(NoticeMail.class);
  /** Working days before the acknowledgement deadline at which the coordinator hears of a queued report. */
  public static final int WARN_WORKING_DAYS = 2;

  private static final String CLAIM_DAY = """
      INSERT IGNORE INTO job_run (name, run_on) VALUES ('acknowledge-warning', ?)
      """;
  private static final String CLOSE_TO_DEADLINE = """
      SELECT EXISTS (SELECT 1 FROM report r
                      WHERE r.assigned_to IS NULL AND NOT r.escrow AND r.routed_to IS NULL
                        AND r.status NOT IN ('afgerond', 'doorverwezen') AND r.first_reply_on IS NULL
                        AND r.acknowledge_by <= ?)
      """;

  private final Database database;
  private final Accounts accounts;
  private final Notices notices;
  private final Mailer mailer;
  private final String signInUrl;

  public NoticeMail(Database database, Accounts accounts, Notices notices, Mailer mailer, String signInUrl) {
    this.database = database;
    this.accounts = accounts;
    this.notices = notices;
    this.mailer = mailer;
    this.signInUrl = signInUrl;
  }

  /** One turn: the day's warning for the coordinators (once a day), then the mails due now. Returns how many went. */
  public int run(Instant now, LocalDate today) throws SQLException, GeneralSecurityException {
    warnCoordinators(today);
    Messages nl = Messages.of(Messages.DUTCH);
    Messages en = Messages.of(Messages.ENGLISH);
    String subject = nl.get("notice.subject") + " / " + en.get("notice.subject");
    String body = nl.format("notice.body", signInUrl) + "\n\n---\n\n" + en.format("notice.body", signInUrl);
    int sent = 0;
    for (Notices.Due due : notices.due(now)) {
      if (!notices.claim(due.accountId(), now)) {
        continue;
      }
      try {
        mailer.send(due.email(), subject, body);
        sent++;
      } catch (MessagingException | RuntimeException e) {
        notices.unsent(due.accountId());
        log.warn("A notice could not be sent: {}", e.getClass().getSimpleName());
      }
    }
    notices.forget(now);
    return sent;
  }

  /** Once a day: a queued, unanswered report within two working days of its acknowledgement deadline. */
  private void warnCoordinators(LocalDate today) throws SQLException, GeneralSecurityException {
    LocalDate horizon = workingDaysAfter(today, WARN_WORKING_DAYS);
    // The first node to claim the day looks; the others do nothing.
    boolean warn = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM_DAY)) {
        s.setDate(1, Date.valueOf(today));
        if (s.executeUpdate() == 0) {
          return false;
        }
      }
      try (PreparedStatement s = c.prepareStatement(CLOSE_TO_DEADLINE)) {
        s.setDate(1, Date.valueOf(horizon));
        try (var rs = s.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    });
    if (!warn) {
      return;
    }
    List<Long> coordinators = accounts.active().stream().filter(a -> a.has(Role.INTAKE)).map(Account::id).toList();
    notices.mark(coordinators);
    if (!coordinators.isEmpty()) {
      log.info("Queued reports close to their acknowledgement deadline: {} coordinator(s) told", coordinators.size());
    }
  }

  /** The day {@code n} working days after {@code day} (weekends and Dutch public holidays skipped). */
  static LocalDate workingDaysAfter(LocalDate day, int n) {
    LocalDate d = day;
    int left = n;
    while (left > 0) {
      d = d.plusDays(1);
      if (DutchHolidays.isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }
}
