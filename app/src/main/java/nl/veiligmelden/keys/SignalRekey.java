package nl.veiligmelden.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.SignalKeyRenewal;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.signals.ReportSignals;

/**
 * {@code keys rekey-signals}: a new signals keyset, every report's blind tokens recomputed under
 * it from the decrypted report. The links between
 * reports stay as they are: they join report ids, and the same values give equal tokens under
 * the new key as they did under the old.
 *
 * <p>Offline only (the server stopped): halfway, the database holds old and new tokens side by
 * side. An interrupted run is finished by running it again (see {@link SignalKeyRenewal}).
 *
 * <p>Return codes are not touched: their lookup ids are under the separate {@code blind-prf}
 * keyset and can only be recomputed from the codes, which the server never holds.
 */
public final class SignalRekey {
  // A key retention destroyed (x'') opens nothing; its row and tokens are removed by the deletion.
  private static final String BATCH = """
      SELECT id FROM report WHERE id > ? AND LENGTH(wrapped_key) > 0 ORDER BY id LIMIT 200
      """;
  private static final String FORGET = """
      DELETE FROM signal_token WHERE report_id = ?
      """;
  private static final String INSERT = """
      INSERT IGNORE INTO signal_token (report_id, kind, token, role) VALUES (?, ?, ?, ?)
      """;

  /**
   * @param reports reports whose tokens were recomputed
   * @param tokens tokens stored under the new key
   * @param unreadable reports that do not open with this installation's keys: their old tokens
   *     are removed (they could never match again)
   */
  public record Result(int reports, int tokens, int unreadable) {}

  private final Database database;
  private final ReportReader reader;
  private final Keyring keyring;

  public SignalRekey(Database database, ReportReader reader, Keyring keyring) {
    this.database = database;
    this.reader = reader;
    this.keyring = keyring;
  }

  public Result run() throws IOException, SQLException, GeneralSecurityException {
    SignalKeyRenewal renewal = SignalKeyRenewal.begin(keyring);
    var signals = new ReportSignals(renewal.tokens());
    int reports = 0;
    int tokens = 0;
    int unreadable = 0;
    String after = "";
    while (true) {
      List<String> ids = batch(after);
      if (ids.isEmpty()) {
        break;
      }
      after = ids.get(ids.size() - 1);
      Map<String, List<ReportSignals.RoleToken>> fresh = new LinkedHashMap<>();
      for (String id : ids) {
        try {
          var report = reader.byId(id);
          if (report.isEmpty()) {
            continue;
          }
          OpenedReport r = report.get();
          fresh.put(id, signals.of(r.involved()));
        } catch (GeneralSecurityException e) {
          fresh.put(id, List.of());
          unreadable++;
        }
      }
      tokens += store(fresh);
      reports += fresh.size();
    }
    renewal.complete();
    return new Result(reports - unreadable, tokens, unreadable);
  }

  private List<String> batch(String after) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(BATCH)) {
        s.setString(1, after);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /** Each report's old tokens out and its new ones in, one transaction per batch. */
  private int store(Map<String, List<ReportSignals.RoleToken>> fresh) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement forget = c.prepareStatement(FORGET); PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (var report : fresh.entrySet()) {
          forget.setString(1, report.getKey());
          forget.addBatch();
          for (ReportSignals.RoleToken t : report.getValue()) {
            insert.setString(1, report.getKey());
            insert.setString(2, t.token().kind().code());
            insert.setBytes(3, t.token().bytes());
            insert.setString(4, t.role().code());
            insert.addBatch();
            n++;
          }
        }
        forget.executeBatch();
        insert.executeBatch();
      }
      return n;
    });
  }
}
