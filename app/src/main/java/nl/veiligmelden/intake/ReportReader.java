package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/** Opens one report: unwraps its data key and decrypts its fields and people. */
public final class ReportReader {
  private static final String SELECT_REPORT = """
      SELECT id, reference, wrapped_key, category, unit, anonymity, wish, language, status,
             submitted_on, acknowledge_by, first_reply_by, escrow, source_id
        FROM report WHERE %s = ?
      """;
  private static final String SELECT_SECRETS = """
      SELECT field, sealed FROM report_secret WHERE report_id = ?
      """;
  private static final String SELECT_PEOPLE = """
      SELECT n, role, sealed_name FROM report_person WHERE report_id = ? ORDER BY n
      """;

  private static final String WRAPPED_KEYS = """
      SELECT id, wrapped_key FROM report WHERE LENGTH(wrapped_key) > 0 AND id IN (%s)
      """;

  private final Database database;
  private final ReportVault vault;

  public ReportReader(Database database, ReportVault vault) {
    this.database = database;
    this.vault = vault;
  }

  public Optional<OpenedReport> byId(String id) throws SQLException, GeneralSecurityException {
    return database.read(c -> open(c, SELECT_REPORT.formatted("id"), id));
  }

  public Optional<OpenedReport> byReference(String reference) throws SQLException, GeneralSecurityException {
    // Handlers find reports by reference; a report in escrow is not there for them until it is released.
    return database.read(c -> open(c, SELECT_REPORT.formatted("NOT escrow AND reference"), reference));
  }

  /**
   * The data keys of these reports, unwrapped, without opening anything else of them: for reading
   * one sealed row of many reports (their search terms). A report that is gone, deleted (its key
   * destroyed) or whose key does not unwrap with these keys is left out.
   */
  public Map<String, ReportKey> keys(Collection<String> reportIds) throws SQLException, GeneralSecurityException {
    List<String> ids = new ArrayList<>(reportIds);
    Map<String, ReportKey> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
      String sql = WRAPPED_KEYS.formatted(String.join(",", Collections.nCopies(batch.size(), "?")));
      database.read(c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 1, batch.get(i));
          }
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              try {
                out.put(rs.getString(1), vault.open(rs.getString(1), rs.getBytes(2)));
              } catch (GeneralSecurityException e) {
                // Left out, like a deleted one: one such report must not keep the others closed.
              }
            }
          }
        }
        return null;
      });
    }
    return out;
  }

  private Optional<OpenedReport> open(Connection c, String sql, String value) throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, value);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String id = rs.getString("id");
        ReportKey key = vault.open(id, rs.getBytes("wrapped_key"));
        var secrets = new EnumMap<SecretField, String>(SecretField.class);
        try (PreparedStatement q = c.prepareStatement(SELECT_SECRETS)) {
          q.setString(1, id);
          try (var r = q.executeQuery()) {
            while (r.next()) {
              SecretField field = SecretField.fromColumn(r.getString(1));
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
            secrets, people, key, rs.getBoolean("escrow"), rs.getString("source_id")));
      }
    }
  }
}
