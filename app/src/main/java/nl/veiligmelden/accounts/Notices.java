package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import nl.veiligmelden.db.Database;

/**
 * Content-free e-mail notices to handlers, the bookkeeping half (docs/DESIGN.md, "The desk"):
 * who has something new waiting (a report in a queue she may take, a reporter's message on her
 * case, a queued report close to its deadline for the intake coordinator), whether she wants
 * mail at all (optional per account, on unless she turns it off), and the quiet hour after a mail
 * (at most one an hour). A row names an account, never a report or what happened; it is gone once
 * its mail went and its hour passed. The mail itself is sent by a job ({@code cases.NoticeMail}).
 */
public final class Notices {
  /** At most one mail an hour per account; what comes in meanwhile goes in the next one. */
  public static final Duration QUIET = Duration.ofHours(1);

  /** {@code %s}: a placeholder for each account, so that a new report's holders take one statement. */
  private static final String MARK = """
      INSERT INTO notice (account_id, pending)
      SELECT id, TRUE FROM account WHERE id IN (%s) AND active AND notify_by_email AND email IS NOT NULL
          ON DUPLICATE KEY UPDATE pending = TRUE
      """;
  private static final String DUE = """
      SELECT n.account_id, a.email FROM notice n JOIN account a ON a.id = n.account_id
       WHERE n.pending AND (n.quiet_until IS NULL OR n.quiet_until <= ?)
         AND a.active AND a.notify_by_email AND a.email IS NOT NULL
      """;
  private static final String CLAIM = """
      UPDATE notice SET pending = FALSE, quiet_until = ?
       WHERE account_id = ? AND pending AND (quiet_until IS NULL OR quiet_until <= ?)
      """;
  private static final String UNSENT = """
      UPDATE notice SET pending = TRUE, quiet_until = NULL WHERE account_id = ?
      """;
  /** Rows with nothing left to say: nothing pending and the quiet hour over, or nobody to mail any more. */
  private static final String FORGET = """
      DELETE n FROM notice n JOIN account a ON a.id = n.account_id
       WHERE (NOT n.pending AND (n.quiet_until IS NULL OR n.quiet_until <= ?))
          OR NOT a.active OR NOT a.notify_by_email OR a.email IS NULL
      """;
  private static final String CHOICE = """
      SELECT notify_by_email, email IS NOT NULL FROM account WHERE id = ?
      """;
  private static final String CHOOSE = """
      UPDATE account SET notify_by_email = ? WHERE id = ?
      """;

  private final Database database;

  public Notices(Database database) {
    this.database = database;
  }

  /** Something new for these accounts, in the caller's transaction; accounts without mail are passed over. */
  public static void mark(Connection c, Collection<Long> accountIds) throws SQLException {
    if (accountIds.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(MARK.formatted(String.join(",", Collections.nCopies(accountIds.size(), "?"))))) {
      int i = 0;
      for (long id : accountIds) {
        s.setLong(++i, id);
      }
      s.executeUpdate();
    }
  }

  /** The same in a transaction of its own. */
  public void mark(Collection<Long> accountIds) throws SQLException, GeneralSecurityException {
    if (accountIds.isEmpty()) {
      return;
    }
    database.inTransaction(c -> {
      mark(c, accountIds);
      return null;
    });
  }

  /** An account to mail now, and where. */
  public record Due(long accountId, String email) {}

  /** Who has something new and is not in a quiet hour. */
  public List<Due> due(Instant now) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Due>();
      try (PreparedStatement s = c.prepareStatement(DUE)) {
        s.setTimestamp(1, utc(now));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Due(rs.getLong(1), rs.getString(2)));
          }
        }
      }
      return out;
    });
  }

  /**
   * Takes an account's notice for this node to send, starting its quiet hour: false when another
   * node took it first (or it was taken already), so that two nodes never both mail.
   */
  public boolean claim(long accountId, Instant now) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM)) {
        s.setTimestamp(1, utc(now.plus(QUIET)));
        s.setLong(2, accountId);
        s.setTimestamp(3, utc(now));
        return s.executeUpdate() == 1;
      }
    });
  }

  /** The mail could not be sent: the notice waits for the next turn, with no quiet hour. */
  public void unsent(long accountId) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(UNSENT)) {
        s.setLong(1, accountId);
        return s.executeUpdate();
      }
    });
  }

  /** Removes the rows that hold nothing any more; the table keeps at most the last hour. */
  public int forget(Instant now) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(FORGET)) {
        s.setTimestamp(1, utc(now));
        return s.executeUpdate();
      }
    });
  }

  /** Whether she wants notices, and whether an address is on file to send them to. */
  public record Choice(boolean email, boolean addressOnFile) {}

  public Choice choice(long accountId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(CHOICE)) {
        s.setLong(1, accountId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? new Choice(rs.getBoolean(1), rs.getBoolean(2)) : new Choice(false, false);
        }
      }
    });
  }

  /** She turns notices on or off for herself. */
  public void choose(long accountId, boolean email) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CHOOSE)) {
        s.setBoolean(1, email);
        s.setLong(2, accountId);
        return s.executeUpdate();
      }
    });
  }

  private static Timestamp utc(Instant instant) {
    return Timestamp.valueOf(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
  }
}
