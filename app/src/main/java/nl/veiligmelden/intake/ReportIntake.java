package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.accounts.Notices;
import nl.veiligmelden.attachments.Attached;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.db.Database;
/**
 * Seals a validated report under its own data key and stores it in one transaction: the report
 * row, its sealed fields, its people. Nothing lands half. A form token that was already used
 * answers with the report it made instead of a second report, and with the same code while the
 * form is fresh: a double tap or a refresh right away. Later, the code is not shown again, so
 * that whoever picks up the phone afterwards cannot replay the form to see it.
 */
public final class ReportIntake {
  /** How long after the form was served a repeated submission still shows the code. */
  public static final Duration CODE_SHOWN_AGAIN = Duration.ofHours(3);

  private static final String INSERT_REPORT = """
      INSERT INTO report (id, reference, lookup_id, code_binding, drop_public, drop_private, category, unit, anonymity, wish,
                          language, status, submitted_on, acknowledge_by, first_reply_by, feedback_by, via_first_line,
                          adviser, routed_to, source_id, escrow, assigned_to)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String INSERT_SECRET = """
      INSERT INTO report_secret (report_id, field, sealed) VALUES (?, ?, ?)
      """;
  private static final String INSERT_PERSON = """
      INSERT INTO report_person (report_id, n, role, sealed_name) VALUES (?, ?, ?, ?)
      """;
  private static final String INSERT_SUBMISSION = """
      INSERT INTO submission (token_id, report_id) VALUES (?, ?)
      """;
  private static final String FIND_SUBMITTED = """
      SELECT r.reference, r.acknowledge_by, r.first_reply_by, r.feedback_by,
             EXISTS (SELECT 1 FROM reply_notice n WHERE n.report_id = r.id)
        FROM submission s JOIN report r ON r.id = s.report_id
       WHERE s.token_id = ?
      """;

  private final Database database;
  private final SubmissionTokens tokens;
  private final ReportVault vault;
  private final CodeLookup codeLookup;
  private final Deadlines deadlines;
  private final Clock clock;
  private final SecureRandom random;
  private final String boardRole;
  private final SubmissionListener listener;
  private final NewReportKeys newKeys;

  public ReportIntake(Database database, SubmissionTokens tokens, ReportVault vault, NewReportKeys newKeys, CodeLookup codeLookup,
      Deadlines deadlines, Clock clock, SecureRandom random, String boardRole, SubmissionListener listener) {
    this.newKeys = newKeys;
    this.boardRole = boardRole;
    this.listener = listener;
    this.database = database;
    this.tokens = tokens;
    this.vault = vault;
    this.codeLookup = codeLookup;
    this.deadlines = deadlines;
    this.clock = clock;
    this.random = random;
  }

  /**
   * {@code viaFirstLine}: a teacher or mentor passed it on for the student, who agreed. {@code
   * sameSourceAs}: the source of the reporter's earlier report, when they file this one from
   * their conversation: the two are one voice. {@code attached}: files the reporter attached
   * (already cleaned), stored in the same transaction.
   */
  public Receipt submit(ReportDraft draft, Optional<SubmissionToken> token, boolean viaFirstLine, Optional<String> sameSourceAs,
      Attached attached) throws SQLException, GeneralSecurityException {
    if (token.isPresent()) {
      Optional<Receipt> earlier = findSubmitted(token.get());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    ReturnCode code = token.isPresent() ? tokens.returnCode(token.get()) : ReturnCode.generate(random);
    String id = Crockford.random(random, 16);
    String reference = "VM-" + Crockford.random(random, 4) + "-" + Crockford.random(random, 4);
    ReportKey key = vault.newKey(id);
    NewReportKeys.Prepared wraps = newKeys.prepare(key, code, draft, sameSourceAs.isPresent() ? threadHolder(sameSourceAs.get()) : Optional.empty());
    LocalDate today = LocalDate.now(clock);
    var receipt = new Receipt(Optional.of(code), reference, deadlines.acknowledgeBy(today), deadlines.firstReplyBy(today),
        deadlines.feedbackBy(today), false, !draft.noticeAddress().isEmpty());
    byte[] lookupId = codeLookup.idOf(code);
    byte[] binding = codeLookup.bindingOf(code, id);
    SubmissionListener.Sealed sealed = listener.prepare(id, draft, key);
    try {
      database.inTransaction(c -> {
        insertReport(c, draft, id, reference, lookupId, binding, wraps, today, receipt, receipt.feedbackBy(), viaFirstLine,
            sameSourceAs.orElse(id));
        newKeys.store(c, key, wraps);
        if (!draft.escrow()) {
          // Something new on the desk of each holder it went to: a notice without anything of it.
          Notices.mark(c, wraps.holders());
        }
        insertSecrets(c, draft, id, key, wraps.contact());
        insertPeople(c, draft, id, key);
        if (!draft.noticeAddress().isEmpty()) {
          ReplyAddress.store(c, id, key, draft.noticeAddress());
        }
        sealed.store(c);
        attached.store(c, id, key);
        if (token.isPresent()) {
          try (PreparedStatement s = c.prepareStatement(INSERT_SUBMISSION)) {
            s.setBytes(1, tokens.id(token.get()));
            s.setString(2, id);
            s.executeUpdate();
          }
        }
        return null;
      });
    } catch (SQLIntegrityConstraintViolationException e) {
      attached.rolledBack(id);
      // Two taps raced: the other transaction stored the report first; answer with it.
      if (token.isPresent()) {
        Optional<Receipt> earlier = findSubmitted(token.get());
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      throw e;
    } catch (SQLException | GeneralSecurityException | RuntimeException e) {
      attached.rolledBack(id);
      throw e;
    }
    listener.committed(id);
    return receipt;
  }

  private static final String THREAD_HOLDER = """
      SELECT assigned_to FROM report WHERE source_id = ? AND assigned_to IS NOT NULL AND NOT escrow
       ORDER BY submitted_on DESC, reference DESC LIMIT 1
      """;

  /** Who holds the latest report of a reporter's thread that someone holds. */
  private Optional<Long> threadHolder(String sourceId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(THREAD_HOLDER)) {
        s.setString(1, sourceId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
        }
      }
    });
  }

  private static final String SOURCE_OF = """
      SELECT source_id FROM report WHERE id = ?
      """;

  /** The source of a report: what a new report in the same thread shares. */
  public Optional<String> sourceOf(String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(SOURCE_OF)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /**
   * The receipt of the report this form token filed, as a repeated submission gets it: with the
   * code while the form is fresh ({@link #CODE_SHOWN_AGAIN}), without it after. Empty when the
   * token filed nothing. For the receipt's own follow-ups: the check that the code was kept, and
   * its download.
   */
  public Optional<Receipt> receiptOf(SubmissionToken token) throws SQLException, GeneralSecurityException {
    return findSubmitted(token);
  }

  private Optional<Receipt> findSubmitted(SubmissionToken token) throws SQLException, GeneralSecurityException {
    byte[] id = tokens.id(token);
    boolean fresh = clock.instant().isBefore(token.issuedAt().plus(CODE_SHOWN_AGAIN));
    Optional<ReturnCode> code = fresh ? Optional.of(tokens.returnCode(token)) : Optional.empty();
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND_SUBMITTED)) {
        s.setBytes(1, id);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new Receipt(code, rs.getString(1), rs.getDate(2).toLocalDate(), rs.getDate(3).toLocalDate(),
              rs.getDate(4).toLocalDate(), true, rs.getBoolean(5)));
        }
      }
    });
  }

  private static boolean aboutTheBoard(ReportDraft draft) {
    return draft.involved().stream().anyMatch(p -> p.role() == InvolvedRole.BESTUURDER);
  }

  private void insertReport(Connection c, ReportDraft draft, String id, String reference, byte[] lookupId,
      byte[] binding, NewReportKeys.Prepared wraps, LocalDate today, Receipt receipt, LocalDate feedbackBy, boolean viaFirstLine,
      String sourceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_REPORT)) {
      int i = 0;
      s.setString(++i, id);
      s.setString(++i, reference);
      s.setBytes(++i, lookupId);
      s.setBytes(++i, binding);
      s.setBytes(++i, wraps.dropBox().publicKey());
      s.setBytes(++i, wraps.dropBox().sealedPrivate());
      s.setString(++i, draft.category().code());
      s.setString(++i, draft.unit().orElse(null));
      s.setString(++i, draft.anonymity().code());
      s.setString(++i, draft.wish().map(Wish::code).orElse(null));
      s.setString(++i, draft.language());
      s.setString(++i, Status.ONTVANGEN.code());
      s.setDate(++i, Date.valueOf(today));
      s.setDate(++i, Date.valueOf(receipt.acknowledgeBy()));
      s.setDate(++i, Date.valueOf(receipt.firstReplyBy()));
      s.setDate(++i, Date.valueOf(feedbackBy));
      s.setBoolean(++i, viaFirstLine);
      s.setString(++i, draft.adviser().code());
      s.setString(++i, aboutTheBoard(draft) ? boardRole : null);
      s.setString(++i, sourceId);
      s.setBoolean(++i, draft.escrow());
      // A report in a reporter's thread goes to the holder of their earlier report when its key went to her alone.
      s.setObject(++i, wraps.assignTo().orElse(null));
      s.executeUpdate();
    }
  }

  /** Every field under the data key, but the contact details: under their own key. */
  private static void insertSecrets(Connection c, ReportDraft draft, String id, ReportKey key, Optional<ContactKey> contact)
      throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(INSERT_SECRET)) {
      for (SecretField field : SecretField.values()) {
        String value = field.of(draft);
        if (value.isEmpty()) {
          continue;
        }
        s.setString(1, id);
        s.setString(2, field.column());
        s.setBytes(3, field == SecretField.CONTACT ? contact.orElseThrow().seal(field.binding(id), value) : key.seal(field.binding(id), value));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void insertPeople(Connection c, ReportDraft draft, String id, ReportKey key)
      throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(INSERT_PERSON)) {
      int n = 0;
      for (ReportDraft.Involved person : draft.involved()) {
        n++;
        s.setString(1, id);
        s.setInt(2, n);
        s.setString(3, person.role().code());
        s.setBytes(4, person.name().isEmpty() ? null : key.seal(personBinding(id, n, person.role()), person.name()));
        s.addBatch();
      }
      if (n > 0) {
        s.executeBatch();
      }
    }
  }

  /** Binds a name to its place and its role: a name cannot be moved onto another role unseen. */
  static Binding personBinding(String reportId, int n, InvolvedRole role) {
    return new Binding(reportId, "report_person", Integer.toString(n), "name:" + role.code());
  }
}
