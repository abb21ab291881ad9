package nl.veiligmelden.catalogue;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Refusal;

/**
 * The faculties and programmes reports can be filed under. The beheerder adds, renames and
 * retires them; codes never change, because reports carry them and the insights count them. A
 * retired unit leaves the form but keeps its name on the reports that have it. Every change is an
 * audit event, recorded once it is made.
 */
public final class UnitCatalogue {
  private static final String ALL = """
      SELECT code, label_nl, label_en, active FROM unit ORDER BY position, code
      """;
  private static final String COUNT = """
      SELECT COUNT(*) FROM unit
      """;
  private static final String INSERT = """
      INSERT INTO unit (code, label_nl, label_en, active, position)
      SELECT ?, ?, ?, TRUE, COALESCE(MAX(position), 0) + 1 FROM unit
      """;
  private static final String UPDATE = """
      UPDATE unit SET label_nl = ?, label_en = ?, active = ? WHERE code = ?
      """;

  /** A unit; {@code active}: offered on the form. */
  public record Unit(String code, Institution.Localized label, boolean active) {}

  private final Database database;
  private final AuditLog audit;

  public UnitCatalogue(Database database, AuditLog audit) {
    this.database = database;
    this.audit = audit;
  }

  /** On first start, the units of the institution file become the catalogue. */
  public void seed(List<Institution.Unit> units) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(COUNT); var rs = s.executeQuery()) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return null;
        }
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (Institution.Unit unit : units) {
          s.setString(1, unit.code());
          s.setString(2, unit.label().nl());
          s.setString(3, unit.label().en());
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  public List<Unit> all() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Unit>();
      try (PreparedStatement s = c.prepareStatement(ALL); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Unit(rs.getString(1), new Institution.Localized(rs.getString(2), rs.getString(3)), rs.getBoolean(4)));
        }
      }
      return out;
    });
  }

  public List<Unit> offered() throws SQLException, GeneralSecurityException {
    return all().stream().filter(Unit::active).toList();
  }

  public Optional<Unit> byCode(String code) throws SQLException, GeneralSecurityException {
    return all().stream().filter(u -> u.code().equals(code)).findFirst();
  }

  /** A unit's name in a language; a code that is not (or no longer) in the catalogue shows as itself. */
  public String label(String code, String lang) throws SQLException, GeneralSecurityException {
    return byCode(code).map(u -> u.label().in(lang)).orElse(code);
  }

  /** The beheerder adds a unit to the end of the form; its code is for good. */
  public void add(Account admin, String code, String nl, String en) throws SQLException, GeneralSecurityException {
    String clean = code == null ? "" : code.strip();
    if (!clean.matches("[a-z0-9-]{2,40}") || blank(nl)) {
      throw Refusal.invalid("error.unitInvalid");
    }
    if (byCode(clean).isPresent()) {
      throw Refusal.conflict("error.unitExists");
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, clean);
        s.setString(2, nl.strip());
        s.setString(3, blank(en) ? nl.strip() : en.strip());
        return s.executeUpdate();
      }
    });
    record(admin, "unit added " + clean);
  }

  /** The beheerder renames a unit, or retires it from the form ({@code active} false), or brings it back. */
  public void change(Account admin, String code, String nl, String en, boolean active) throws SQLException, GeneralSecurityException {
    if (blank(nl)) {
      throw Refusal.invalid("error.unitInvalid");
    }
    int changed = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(UPDATE)) {
        s.setString(1, nl.strip());
        s.setString(2, blank(en) ? nl.strip() : en.strip());
        s.setBoolean(3, active);
        s.setString(4, code);
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw Refusal.notFound();
    }
    record(admin, "unit changed " + code + (active ? "" : " (retired)"));
  }

  private void record(Account admin, String what) throws SQLException, GeneralSecurityException {
    audit.record(Optional.of(new Actor(admin.id(), admin.username())), AuditAction.CATALOGUE_CHANGED, Optional.empty(), Optional.of(what));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank() || s.strip().length() > 200;
  }
}
