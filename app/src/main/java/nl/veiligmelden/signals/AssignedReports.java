package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.ReportReader.Opener;
import nl.veiligmelden.signals.index.TermList;

/**
 * A handler's caseload for search: the reports assigned to her (not stepped back from, not in
 * escrow) whose data key is wrapped to her own key, their term lists opened with the keys her
 * session holds (docs/DESIGN.md, rule 9). A session without keys searches nothing.
 *
 * <p>A report filed before term lists were sealed has none: the first time one is asked for, it
 * is made from the opened report and sealed under that report's key, so the next use finds it.
 * Only someone who can open the report can do this, which is exactly who asks.
 */
public final class AssignedReports implements CaseloadSource {
  private static final String OPENABLE = """
      SELECT r.id FROM report r
        JOIN report_key k ON k.report_id = r.id AND k.recipient_kind = 'holder' AND k.recipient_id = ?
       WHERE r.assigned_to = ? AND NOT r.escrow
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;

  private final Database database;
  private final ReportReader reader;
  private final ReportKeys reportKeys;
  private final SealedTerms sealed;

  public AssignedReports(Database database, ReportReader reader, ReportKeys reportKeys, SealedTerms sealed) {
    this.database = database;
    this.reader = reader;
    this.reportKeys = reportKeys;
    this.sealed = sealed;
  }

  @Override
  public List<String> reportIds(HandlerSession who) throws SQLException, GeneralSecurityException {
    if (who.keys().isEmpty()) {
      return List.of();
    }
    long account = who.account().id();
    long keyId = who.keys().get().keyId();
    return database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(OPENABLE)) {
        s.setLong(1, keyId);
        s.setLong(2, account);
        s.setLong(3, account);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Map<String, TermList> terms(HandlerSession who, Collection<String> reportIds) throws SQLException, GeneralSecurityException {
    if (who.keys().isEmpty()) {
      return Map.of();
    }
    HeldKeys held = who.keys().get();
    Map<String, ReportKey> keys = reportKeys.openAll(reportIds, held);
    Map<String, byte[]> rows = sealed.sealed(keys.keySet());
    Map<String, TermList> out = new HashMap<>();
    for (var key : keys.entrySet()) {
      String id = key.getKey();
      byte[] row = rows.get(id);
      if (row != null) {
        out.put(id, SealedTerms.open(id, key.getValue(), row));
        continue;
      }
      var report = reader.byId(id, new Opener.Holder(held));
      if (report.isPresent()) {
        TermList made = SealedTerms.of(report.get());
        sealed.store(id, key.getValue(), made);
        out.put(id, made);
      }
    }
    return out;
  }
}
