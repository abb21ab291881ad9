package nl.veiligmelden.dialogue;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.DropBox;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.PerReportSequence;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.intake.StatusUpdate;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.refusal.Problem;
/**
 * The two-way conversation of one report, sealed under the report's key, each message bound to
 * its report and its place in the conversation. Who holds no key for the report (a bewaarder's
 * decision told to the reporter) writes to its drop box instead: sealed to a key whose private half
 * only the report's key opens (docs/DESIGN.md, rule 9).
 */
public final class Conversation {
  public static final int MAX_MESSAGE = 20_000;

  private static final String SELECT = """
      SELECT m.n, m.author, m.written_on, m.sealed_body, m.account_id, m.dropped, r.drop_private
        FROM message m JOIN report r ON r.id = m.report_id WHERE m.report_id = ? ORDER BY m.n
      """;
  private static final String INSERT = """
      INSERT INTO message (report_id, n, author, account_id, written_on, sealed_body, dropped) VALUES (?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String DROP_BOX = """
      SELECT drop_public FROM report WHERE id = ?
      """;
  private static final String ONCE = """
      INSERT INTO message_submission (token_id, report_id) VALUES (?, ?)
      """;

  private final Database database;
  private final Clock clock;

  public Conversation(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** What is wrong with a message a reporter or handler typed (already cleaned), if anything. */
  public static Optional<Problem> problemWith(String body) {
    if (body.isEmpty()) {
      return Optional.of(new Problem("error.messageEmpty"));
    }
    if (TextInput.length(body) > MAX_MESSAGE) {
      return Optional.of(new Problem("error.tooLong", MAX_MESSAGE));
    }
    return Optional.empty();
  }

  public List<Message> messages(OpenedReport report) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Message>();
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, report.id());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            int n = rs.getInt(1);
            Message.Author author = Message.Author.fromCode(rs.getString(2));
            Binding binding = binding(report.id(), n, author, accountOf(rs));
            String body = rs.getBoolean(6) ? report.key().openDropped(rs.getBytes(7), binding, rs.getBytes(4))
                : report.key().open(binding, rs.getBytes(4));
            out.add(new Message(n, author, rs.getDate(3).toLocalDate(), body));
          }
        }
      }
      return out;
    });
  }

  /**
   * Appends a message. A reporter's answer moves a report that waited for them back to "in
   * progress"; a handler may set any status at the same time. Given the keyed id of the form's
   * one-time token, a form sent twice stores one message: false says it was there already.
   */
  public boolean append(OpenedReport report, Message.Author author, Optional<Long> accountId, String body,
      Optional<Status> newStatus, Optional<byte[]> once) throws SQLException, GeneralSecurityException {
    try {
      database.inTransaction(c -> {
        if (once.isPresent()) {
          // First, so that a second tap waits here for the first one's commit and then stops.
          try (PreparedStatement s = c.prepareStatement(ONCE)) {
            s.setBytes(1, once.get());
            s.setString(2, report.id());
            s.executeUpdate();
          }
        }
        store(c, report, author, accountId, body, newStatus);
        return null;
      });
      return true;
    } catch (SQLIntegrityConstraintViolationException e) {
      if (once.isPresent()) {
        return false;
      }
      throw e;
    }
  }

  public void append(OpenedReport report, Message.Author author, Optional<Long> accountId, String body,
      Optional<Status> newStatus) throws SQLException, GeneralSecurityException {
    append(report, author, accountId, body, newStatus, Optional.empty());
  }

  private void store(Connection c, OpenedReport report, Message.Author author, Optional<Long> accountId,
      String body, Optional<Status> newStatus) throws SQLException, GeneralSecurityException {
    PerReportSequence.Next next = PerReportSequence.lockAndNext(c, report.id(), PerReportSequence.Table.MESSAGE);
    Status current = Status.fromCode(next.reportStatus()).orElse(Status.ONTVANGEN);
    int n = next.n();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, report.id());
      s.setInt(2, n);
      s.setString(3, author.code());
      if (accountId.isPresent()) {
        s.setLong(4, accountId.get());
      } else {
        s.setNull(4, Types.BIGINT);
      }
      s.setDate(5, Date.valueOf(LocalDate.now(clock)));
      s.setBytes(6, report.key().seal(binding(report.id(), n, author, accountId), body));
      s.setBoolean(7, false);
      s.executeUpdate();
    }
    if (author == Message.Author.HANDLER) {
      try (PreparedStatement s = c.prepareStatement(FIRST_REPLY)) {
        s.setDate(1, Date.valueOf(LocalDate.now(clock)));
        s.setString(2, report.id());
        s.executeUpdate();
      }
    }
    Optional<Status> then = newStatus.or(() -> author == Message.Author.REPORTER && current == Status.WACHT_OP_MELDER
        ? Optional.of(Status.IN_BEHANDELING) : Optional.empty());
    if (then.isPresent() && then.get() != current) {
      StatusUpdate.apply(c, report.id(), then.get(), LocalDate.now(clock));
    }
  }

  /**
   * A notice to the reporter from someone who holds no key for the report (a bewaarder's decision):
   * sealed to the report's drop box, read by whoever opens the report. It changes no status.
   */
  public void drop(String reportId, Message.Author author, Optional<Long> accountId, String body)
      throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      byte[] dropBox;
      try (PreparedStatement s = c.prepareStatement(DROP_BOX)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          if (!rs.next() || rs.getBytes(1) == null) {
            throw new GeneralSecurityException("the report has no drop box");
          }
          dropBox = rs.getBytes(1);
        }
      }
      int n = PerReportSequence.lockAndNext(c, reportId, PerReportSequence.Table.MESSAGE).n();
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, reportId);
        s.setInt(2, n);
        s.setString(3, author.code());
        if (accountId.isPresent()) {
          s.setLong(4, accountId.get());
        } else {
          s.setNull(4, Types.BIGINT);
        }
        s.setDate(5, Date.valueOf(LocalDate.now(clock)));
        s.setBytes(6, DropBox.seal(dropBox, binding(reportId, n, author, accountId), body));
        s.setBoolean(7, true);
        s.executeUpdate();
      }
      return null;
    });
  }

  private static final String FIRST_REPLY = """
      UPDATE report SET first_reply_on = COALESCE(first_reply_on, ?) WHERE id = ?
      """;
  private static final String RETURNED = """
      UPDATE report SET reporter_returned = TRUE
       WHERE id = ? AND NOT reporter_returned
         AND EXISTS (SELECT 1 FROM message m WHERE m.report_id = ? AND m.author = 'handler')
      """;

  /**
   * The reporter opened their conversation after a handler wrote: a flag for the follow-up
   * figures (did people come back to read the answer?), no date, no time.
   */
  public void readByReporter(OpenedReport report) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(RETURNED)) {
        s.setString(1, report.id());
        s.setString(2, report.id());
        return s.executeUpdate();
      }
    });
  }

  /** Binds a message to its place and to who wrote it: a row cannot be made to speak for the other side. */
  private static Binding binding(String reportId, int n, Message.Author author, Optional<Long> accountId) {
    return new Binding(reportId, "message", Integer.toString(n), "body:" + author.code() + ":" + accountId.map(String::valueOf).orElse("-"));
  }

  private static Optional<Long> accountOf(ResultSet rs) throws SQLException {
    long id = rs.getLong(5);
    return rs.wasNull() ? Optional.empty() : Optional.of(id);
  }
}
