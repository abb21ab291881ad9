package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.signals.index.TermList;

/**
 * A report's {@link TermList}, sealed under the report's own data key in {@code report_terms}: the
 * only form in which the server keeps what makes a report findable. It opens with the report's
 * key and nothing else, so whoever may read the report may search it, and the server's own keys
 * read no more of it than of the report. The row goes with its report (foreign key), and with the
 * data key destroyed it opens for nobody.
 */
public final class SealedTerms {
  private static final String INSERT = """
      INSERT IGNORE INTO report_terms (report_id, sealed) VALUES (?, ?)
      """;
  private static final String SELECT = """
      SELECT report_id, sealed FROM report_terms WHERE report_id IN (%s)
      """;

  private final Database database;

  public SealedTerms(Database database) {
    this.database = database;
  }

  /** What of a report is searchable: the story, the place, the time, the names of the people involved. */
  public static String searchableText(String description, String when, String where, List<ReportDraft.Involved> involved) {
    var text = new StringBuilder(description).append('\n').append(where).append('\n').append(when);
    involved.forEach(p -> text.append('\n').append(p.name()));
    return text.toString();
  }

  /** A new report's term list, analysed in its language. */
  public static TermList of(ReportDraft draft) {
    return TermList.analyse(draft.language(),
        searchableText(draft.description(), draft.when(), draft.where(), draft.involved()));
  }

  /** An opened report's term list, for a report stored before term lists were sealed. */
  public static TermList of(OpenedReport r) {
    return TermList.analyse(r.language(),
        searchableText(r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE), r.involved()));
  }

  /** Where the sealed list belongs: it opens nowhere else. */
  public static Binding binding(String reportId) {
    return new Binding(reportId, "report_terms", "1", "terms");
  }

  /** Seals and stores the list, inside the caller's transaction; a report keeps the list it has. */
  public static void store(Connection c, String reportId, ReportKey key, TermList terms)
      throws SQLException, GeneralSecurityException {
    insert(c, reportId, seal(reportId, key, terms));
  }

  /** The list sealed under the report's key, bound to its row. */
  public static byte[] seal(String reportId, ReportKey key, TermList terms) throws GeneralSecurityException {
    return key.seal(binding(reportId), terms.encoded());
  }

  /** Stores a list {@link #seal} made, inside the caller's transaction; a report keeps the list it has. */
  public static void insert(Connection c, String reportId, byte[] sealed) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, reportId);
      s.setBytes(2, sealed);
      s.executeUpdate();
    }
  }

  /** Seals and stores the list in a transaction of its own. */
  public void store(String reportId, ReportKey key, TermList terms) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      store(c, reportId, key, terms);
      return null;
    });
  }

  /** The sealed lists of these reports, by report id; a report without one is left out. */
  public Map<String, byte[]> sealed(Collection<String> reportIds) throws SQLException, GeneralSecurityException {
    Map<String, byte[]> out = new HashMap<>();
    database.readEachOf(SELECT, new ArrayList<>(reportIds), row -> out.put(row.getString(1), row.getBytes(2)));
    return out;
  }

  /** Opens a sealed list with its report's key. */
  public static TermList open(String reportId, ReportKey key, byte[] sealed) throws GeneralSecurityException {
    return TermList.decode(key.open(binding(reportId), sealed));
  }
}
