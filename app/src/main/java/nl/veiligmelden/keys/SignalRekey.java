package nl.veiligmelden.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import nl.veiligmelden.crypto.BlindToken;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.SignalKeyRenewal;
import nl.veiligmelden.crypto.TokenKind;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.signals.TokenGeneration;

/**
 * {@code keys rekey-signals}: a new signals keyset, applied over every stored blind token
 * ({@code PRF_new(kind || 0x00 || token)}), so no report is opened: the server may not be able to
 * open them, and needs not. New reports are tokenised through the whole chain from then on (see
 * {@link nl.veiligmelden.crypto.BlindTokens}), so they meet the rekeyed tokens; the old keysets
 * are kept for that. The links between reports stay as they are: they join report ids.
 *
 * <p>All tokens and the stored generation ({@link TokenGeneration}) change in one transaction:
 * a crash leaves them all old or all new, and a second run tells which by the generation and
 * only finishes what is left (adding the staged keyset to the chain). Offline only (the server
 * stopped): a server would go on tokenising under the old chain meanwhile.
 *
 * <p>Return codes are not touched: their lookup ids are under the separate {@code blind-prf}
 * keyset and can only be recomputed from the codes, which the server never holds.
 */
public final class SignalRekey {
  private static final String TOKENS = """
      SELECT report_id, kind, token, role FROM signal_token FOR UPDATE
      """;
  private static final String FORGET = """
      DELETE FROM signal_token
      """;
  private static final String INSERT = """
      INSERT INTO signal_token (report_id, kind, token, role) VALUES (?, ?, ?, ?)
      """;
  /** Which tokens are crowded (SignalCorrelator.CROWDED) is kept by token, so it moves with them. */
  private static final String CROWDED = """
      SELECT kind, token FROM signal_crowded FOR UPDATE
      """;
  private static final String FORGET_CROWDED = """
      DELETE FROM signal_crowded
      """;
  private static final String INSERT_CROWDED = """
      INSERT IGNORE INTO signal_crowded (kind, token) VALUES (?, ?)
      """;
  /** The linking tokens of reports in escrow and not yet unlocked (SignalCorrelator) are copies of theirs in signal_token: made again from the new ones. */
  private static final String FORGET_ESCROWED = """
      DELETE FROM signal_escrow
      """;
  private static final String COPY_ESCROWED = """
      INSERT INTO signal_escrow (kind, token, report_id)
        SELECT t.kind, t.token, t.report_id FROM signal_token t JOIN report r ON r.id = t.report_id
         WHERE r.escrow AND t.kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
           AND NOT EXISTS (SELECT 1 FROM escrow_due d WHERE d.report_id = t.report_id)
      """;

  /**
   * @param reports reports whose tokens were rekeyed
   * @param tokens tokens rekeyed (0 when an interrupted run had rekeyed them already)
   * @param generation the generation of the chain the tokens are under now
   */
  public record Result(int reports, int tokens, int generation) {}

  private record Row(String reportId, String kind, byte[] token, String role) {}

  private final Database database;
  private final Keyring keyring;

  public SignalRekey(Database database, Keyring keyring) {
    this.database = database;
    this.keyring = keyring;
  }

  public Result run() throws IOException, SQLException, GeneralSecurityException {
    SignalKeyRenewal renewal = SignalKeyRenewal.begin(keyring);
    int target = renewal.generation();
    Result result = database.inTransaction(c -> {
      int stored = TokenGeneration.stored(c);
      if (stored == target) {
        return new Result(0, 0, target); // rekeyed before a crash stopped the keyset's promotion
      }
      if (stored != target - 1) {
        throw new IllegalStateException("The blind tokens are under signals key generation " + stored + ", but these keys/ hold "
            + "generation " + (target - 1) + ": rekey with the keys the tokens were made with");
      }
      List<Row> rows = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(TOKENS); var rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4)));
        }
      }
      try (PreparedStatement s = c.prepareStatement(FORGET)) {
        s.executeUpdate();
      }
      var reports = new HashSet<String>();
      int rekeyed = 0;
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (Row row : rows) {
          // A token of a kind no longer made (a place) would only be carried along to link nothing.
          var kind = TokenKind.fromCode(row.kind());
          if (kind.isEmpty()) {
            continue;
          }
          BlindToken next = renewal.rekeyed(new BlindToken(kind.get(), row.token()));
          s.setString(1, row.reportId());
          s.setString(2, row.kind());
          s.setBytes(3, next.bytes());
          s.setString(4, row.role());
          s.addBatch();
          reports.add(row.reportId());
          rekeyed++;
          if (rekeyed % 1_000 == 0) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      rekeyCrowded(c, renewal);
      try (PreparedStatement forget = c.prepareStatement(FORGET_ESCROWED); PreparedStatement copy = c.prepareStatement(COPY_ESCROWED)) {
        forget.executeUpdate();
        copy.executeUpdate();
      }
      if (!TokenGeneration.advance(c, stored)) {
        throw new IllegalStateException("signal_key changed during the rekey");
      }
      return new Result(reports.size(), rekeyed, target);
    });
    renewal.complete();
    return result;
  }

  private static void rekeyCrowded(Connection c, SignalKeyRenewal renewal) throws SQLException {
    List<BlindToken> crowded = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(CROWDED); var rs = s.executeQuery()) {
      while (rs.next()) {
        var kind = TokenKind.fromCode(rs.getString(1));
        if (kind.isPresent()) {
          crowded.add(new BlindToken(kind.get(), rs.getBytes(2)));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(FORGET_CROWDED)) {
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_CROWDED)) {
      for (BlindToken token : crowded) {
        BlindToken next = renewal.rekeyed(token);
        s.setString(1, token.kind().code());
        s.setBytes(2, next.bytes());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
