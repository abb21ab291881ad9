package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.crypto.CodeKey;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.db.Database;

/**
 * Opens one report for a person who brings a key: a handler's keys (from her session) or what the
 * reporter's code yields. The server alone opens nothing (docs/DESIGN.md, rule 9): without a
 * wrap of the report's data key to the person, the report does not open. A report from before
 * zero access still carries its key under the KEK only; it opens that way until it is migrated,
 * and the person's own wrap is added the first time they open it.
 */
public final class ReportReader {
  private static final String SELECT_REPORT = """
      SELECT id, reference, wrapped_key, category, unit, anonymity, wish, language, status,
             submitted_on, acknowledge_by, first_reply_by, escrow, source_id, assigned_to
        FROM report WHERE %s = ?
      """;
  private static final String SELECT_SECRETS = """
      SELECT field, sealed FROM report_secret WHERE report_id = ?
      """;
  private static final String SELECT_PEOPLE = """
      SELECT n, role, sealed_name FROM report_person WHERE report_id = ? ORDER BY n
      """;

  /** Whose key opens the report. */
  public sealed interface Opener {
    /** A signed-in handler's keys. */
    record Holder(HeldKeys keys) implements Opener {}

    /** What the reporter's code yields for this report. */
    record Reporter(CodeKey key) implements Opener {}
  }

  private final Database database;
  private final ReportVault vault;
  private final ReportKeys keys;

  public ReportReader(Database database, ReportVault vault, ReportKeys keys) {
    this.database = database;
    this.vault = vault;
    this.keys = keys;
  }

  /** The report, opened; empty when there is no such report or its key is not wrapped to the opener. */
  public Optional<OpenedReport> byId(String id, Opener opener) throws SQLException, GeneralSecurityException {
    return open(SELECT_REPORT.formatted("id"), id, opener);
  }

  /** The same by reference; a report in escrow is not there for handlers until it is released. */
  public Optional<OpenedReport> byReference(String reference, Opener opener) throws SQLException, GeneralSecurityException {
    return open(SELECT_REPORT.formatted("NOT escrow AND reference"), reference, opener);
  }

  /**
   * A report from before zero access, opened with its KEK-only wrap: what the server can still read
   * on its own until `keys zero-access migrate` has destroyed those wraps. Empty for every report
   * filed since (and for one whose old wrap is gone).
   */
  public Optional<OpenedReport> byIdFromBefore(String id) throws SQLException, GeneralSecurityException {
    String sql = SELECT_REPORT.formatted("id");
    record Row(String id, byte[] legacy) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getString("id"), rs.getBytes("wrapped_key"))) : Optional.<Row>empty();
        }
      }
    });
    if (row.isEmpty() || row.get().legacy() == null) {
      return Optional.empty();
    }
    ReportKey key = vault.open(id, row.get().legacy());
    return database.read(c -> read(c, sql, id, key, true));
  }

  /** The report's contact details, opened with its contact key (which only a reporter or a granted holder has). */
  public OpenedReport withContact(OpenedReport report, ContactKey contact) throws SQLException, GeneralSecurityException {
    Optional<byte[]> sealed = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT sealed FROM report_secret WHERE report_id = ? AND field = ?")) {
        s.setString(1, report.id());
        s.setString(2, SecretField.CONTACT.column());
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
    if (sealed.isEmpty()) {
      return report;
    }
    var secrets = new EnumMap<SecretField, String>(SecretField.class);
    secrets.putAll(report.secrets());
    secrets.put(SecretField.CONTACT, contact.open(SecretField.CONTACT.binding(report.id()), sealed.get()));
    return new OpenedReport(report.id(), report.reference(), report.category(), report.unit(), report.anonymity(), report.wish(),
        report.language(), report.status(), report.submittedOn(), report.acknowledgeBy(), report.firstReplyBy(), secrets,
        report.involved(), report.key(), report.escrow(), report.sourceId(), true, report.assignedTo());
  }

  private Optional<OpenedReport> open(String sql, String value, Opener opener) throws SQLException, GeneralSecurityException {
    record Row(String id, byte[] legacy) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, value);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getString("id"), rs.getBytes("wrapped_key"))) : Optional.<Row>empty();
        }
      }
    });
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReportKey> key = keyFor(row.get().id(), row.get().legacy(), opener);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return database.read(c -> read(c, sql, value, key.get(), row.get().legacy() != null));
  }

  /**
   * The data key from the opener's own wrap; for a report from before zero access, from its KEK
   * wrap, and the opener's wrap is added then (the reporter's at their next visit, a holder's at her
   * next opening), so the KEK wrap can be destroyed once every report has its people's.
   */
  private Optional<ReportKey> keyFor(String id, byte[] legacy, Opener opener) throws SQLException, GeneralSecurityException {
    Optional<ReportKey> own = switch (opener) {
      case Opener.Holder holder -> keys.open(id, holder.keys());
      case Opener.Reporter reporter -> keys.open(id, reporter.key());
    };
    if (own.isPresent() || legacy == null) {
      return own;
    }
    ReportKey key = vault.open(id, legacy);
    database.inTransaction(c -> {
      switch (opener) {
        case Opener.Holder holder -> keys.store(c, id,
            vault.wrap(key, Recipient.holder(holder.keys().keyId()), holder.keys().keys().publicKeys()));
        case Opener.Reporter reporter -> keys.store(c, id, vault.wrap(key, reporter.key()));
      }
      return null;
    });
    return Optional.of(key);
  }

  private static Optional<Long> assignee(ResultSet rs) throws SQLException {
    long id = rs.getLong("assigned_to");
    return rs.wasNull() ? Optional.empty() : Optional.of(id);
  }

  private Optional<OpenedReport> read(Connection c, String sql, String value, ReportKey key, boolean fromBefore)
      throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, value);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String id = rs.getString("id");
        var secrets = new EnumMap<SecretField, String>(SecretField.class);
        boolean contact = false;
        try (PreparedStatement q = c.prepareStatement(SELECT_SECRETS)) {
          q.setString(1, id);
          try (var r = q.executeQuery()) {
            while (r.next()) {
              SecretField field = SecretField.fromColumn(r.getString(1));
              if (field == SecretField.CONTACT && !fromBefore) {
                // Under the contact key, not the data key: opened only through withContact. (A report
                // from before zero access has it under the data key, until it is migrated.)
                contact = true;
                continue;
              }
              secrets.put(field, key.open(field.binding(id), r.getBytes(2)));
            }
          }
        }
        var people = new ArrayList<ReportDraft.Involved>();
        try (PreparedStatement q = c.prepareStatement(SELECT_PEOPLE)) {
          q.setString(1, id);
          try (var r = q.executeQuery()) {
            while (r.next()) {
              int n = r.getInt(1);
              byte[] sealed = r.getBytes(3);
              InvolvedRole role = InvolvedRole.fromCode(r.getString(2)).orElse(InvolvedRole.ONBEKEND);
              String name = sealed == null ? "" : key.open(ReportIntake.personBinding(id, n, role), sealed);
              people.add(new ReportDraft.Involved(role, name));
            }
          }
        }
        return Optional.of(new OpenedReport(id, rs.getString("reference"),
            Category.fromCode(rs.getString("category")).orElse(Category.ANDERS),
            Optional.ofNullable(rs.getString("unit")),
            Anonymity.fromCode(rs.getString("anonymity")).orElse(Anonymity.ANONYMOUS),
            Optional.ofNullable(rs.getString("wish")).flatMap(Wish::fromCode),
            rs.getString("language"),
            Status.fromCode(rs.getString("status")).orElse(Status.ONTVANGEN),
            rs.getDate("submitted_on").toLocalDate(),
            rs.getDate("acknowledge_by").toLocalDate(),
            rs.getDate("first_reply_by").toLocalDate(),
            secrets, people, key, rs.getBoolean("escrow"), rs.getString("source_id"), contact, assignee(rs)));
      }
    }
  }
}
