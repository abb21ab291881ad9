package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.db.Database;

/**
 * Seals a validated report under its own data key and stores it in one transaction: the report
 * row, its sealed fields, its people. Nothing lands half. A form token that was already used
 * answers with the report it made, and the same code, instead of a second report.
 */
public final class ReportIntake {
  private static final String INSERT_REPORT = """
      INSERT INTO report (id, reference, lookup_id, wrapped_key, category, unit, anonymity, wish,
                          language, status, submitted_on, acknowledge_by, first_reply_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
      SELECT r.reference, r.acknowledge_by, r.first_reply_by
        FROM submission s JOIN report r ON r.id = s.report_id
       WHERE s.token_id = ?
      """;

  private final Database database;
  private final ReportVault vault;
  private final CodeLookup codeLookup;
  private final Deadlines deadlines;
  private final Clock clock;
  private final SecureRandom random;

  public ReportIntake(Database database, ReportVault vault, CodeLookup codeLookup, Deadlines deadlines, Clock clock, SecureRandom random) {
    this.database = database;
    this.vault = vault;
    this.codeLookup = codeLookup;
    this.deadlines = deadlines;
    this.clock = clock;
    this.random = random;
  }

  public Receipt submit(ReportDraft draft, Optional<SubmissionToken> token) throws SQLException, GeneralSecurityException {
    if (token.isPresent()) {
      Optional<Receipt> earlier = findSubmitted(token.get());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    ReturnCode code = token.map(SubmissionToken::returnCode).orElseGet(() -> ReturnCode.generate(random));
    String id = Crockford.random(random, 16);
    String reference = "VM-" + Crockford.random(random, 4) + "-" + Crockford.random(random, 4);
    ReportKey key = vault.newKey(id);
    LocalDate today = LocalDate.now(clock);
    var receipt = new Receipt(code, reference, deadlines.acknowledgeBy(today), deadlines.firstReplyBy(today));
    byte[] lookupId = codeLookup.idOf(code);
    try {
      database.inTransaction(c -> {
        insertReport(c, draft, id, reference, lookupId, key, today, receipt);
        insertSecrets(c, draft, id, key);
        insertPeople(c, draft, id, key);
        if (token.isPresent()) {
          try (PreparedStatement s = c.prepareStatement(INSERT_SUBMISSION)) {
            s.setBytes(1, token.get().id());
            s.setString(2, id);
            s.executeUpdate();
          }
        }
        return null;
      });
    } catch (SQLIntegrityConstraintViolationException e) {
      // Two taps raced: the other transaction stored the report first; answer with it.
      if (token.isPresent()) {
        Optional<Receipt> earlier = findSubmitted(token.get());
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      throw e;
    }
    return receipt;
  }

  private Optional<Receipt> findSubmitted(SubmissionToken token) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND_SUBMITTED)) {
        s.setBytes(1, token.id());
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new Receipt(token.returnCode(), rs.getString(1), rs.getDate(2).toLocalDate(), rs.getDate(3).toLocalDate()));
        }
      }
    });
  }

  private static void insertReport(Connection c, ReportDraft draft, String id, String reference, byte[] lookupId,
      ReportKey key, LocalDate today, Receipt receipt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_REPORT)) {
      s.setString(1, id);
      s.setString(2, reference);
      s.setBytes(3, lookupId);
      s.setBytes(4, key.wrapped());
      s.setString(5, draft.category().code());
      s.setString(6, draft.unit().orElse(null));
      s.setString(7, draft.anonymity().code());
      s.setString(8, draft.wish().map(Wish::code).orElse(null));
      s.setString(9, draft.language());
      s.setString(10, Status.ONTVANGEN.code());
      s.setDate(11, Date.valueOf(today));
      s.setDate(12, Date.valueOf(receipt.acknowledgeBy()));
      s.setDate(13, Date.valueOf(receipt.firstReplyBy()));
      s.executeUpdate();
    }
  }

  private static void insertSecrets(Connection c, ReportDraft draft, String id, ReportKey key)
      throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(INSERT_SECRET)) {
      for (SecretField field : SecretField.values()) {
        String value = field.of(draft);
        if (value.isEmpty()) {
          continue;
        }
        s.setString(1, id);
        s.setString(2, field.column());
        s.setBytes(3, key.seal(field.binding(id), value));
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
        s.setBytes(4, person.name().isEmpty() ? null : key.seal(personBinding(id, n), person.name()));
        s.addBatch();
      }
      if (n > 0) {
        s.executeBatch();
      }
    }
  }

  static Binding personBinding(String reportId, int n) {
    return new Binding(reportId, "report_person", Integer.toString(n), "name");
  }
}
