package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.crypto.CodeKey;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Problem;

/**
 * From a typed return code to a report id. A malformed code and a well-formed unknown code take
 * the same path: one PRF computation and one indexed query, with nothing returned early.
 */
public final class CodeSignIn {
  private static final String FIND = """
      SELECT id, code_binding FROM report WHERE lookup_id = ?
      """;

  private final Database database;
  private final CodeLookup lookup;

  public CodeSignIn(Database database, CodeLookup lookup) {
    this.database = database;
    this.lookup = lookup;
  }

  /** A report signed in to with its code: its id, and the key the code yields for it. */
  public record SignedIn(String reportId, CodeKey key) {}

  /** The report of a typed code, with the key it yields; empty for a wrong, unknown or malformed code alike. */
  public Optional<SignedIn> signIn(String typed) throws SQLException, GeneralSecurityException {
    Optional<ReturnCode> code = ReturnCode.parse(typed);
    Optional<String> reportId = reportIdFor(typed);
    if (reportId.isEmpty() || code.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SignedIn(reportId.get(), CodeKey.of(code.get(), reportId.get())));
  }

  /**
   * Why a typed code opened nothing, in words a person can act on: a typo the check symbol shows
   * ("one symbol is mistyped"), a character that is in no code ("check symbol 7"), or, for a code
   * that is well-formed but nobody's and for anything else alike, {@code unknown}: what the code
   * itself tells is public, what the database holds is not (docs/DESIGN.md, rule 4).
   */
  public static Problem whyNot(String typed, String unknown) {
    return switch (ReturnCode.diagnose(typed)) {
      case ReturnCode.Typed.CheckFails c -> new Problem("error.code.checkFails");
      case ReturnCode.Typed.ForeignSymbol f -> new Problem("error.code.foreign", f.position(), (f.position() - 1) / 4 + 1,
          (f.position() - 1) % 4 + 1);
      default -> new Problem(unknown);
    };
  }

  public Optional<String> reportIdFor(String typed) throws SQLException, GeneralSecurityException {
    Optional<ReturnCode> code = ReturnCode.parse(typed);
    byte[] id = lookup.idOf(code);
    record Row(String reportId, byte[] binding) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND)) {
        s.setBytes(1, id);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getBytes(2))) : Optional.<Row>empty();
        }
      }
    });
    // Only a real code can find a row; the row must also be the one this code was made for.
    if (row.isEmpty() || code.isEmpty() || row.get().binding() == null
        || !MessageDigest.isEqual(row.get().binding(), lookup.bindingOf(code.get(), row.get().reportId()))) {
      return Optional.empty();
    }
    return Optional.of(row.get().reportId());
  }
}
