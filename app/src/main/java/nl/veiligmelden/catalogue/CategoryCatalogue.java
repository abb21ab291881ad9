package nl.veiligmelden.catalogue;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.refusal.Refusal;

/**
 * Which categories the form offers. The categories themselves are fixed (they follow the
 * domain's definitions and are counted alike across years); the beheerder can only take one off
 * the form, and put it back. Either is an audit event.
 */
public final class CategoryCatalogue {
  private static final String RETIRED = """
      SELECT code FROM category_retired
      """;
  private static final String RETIRE = """
      INSERT IGNORE INTO category_retired (code) VALUES (?)
      """;
  private static final String RESTORE = """
      DELETE FROM category_retired WHERE code = ?
      """;

  private final Database database;
  private final AuditLog audit;

  public CategoryCatalogue(Database database, AuditLog audit) {
    this.database = database;
    this.audit = audit;
  }

  public Set<Category> retired() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      Set<Category> out = EnumSet.noneOf(Category.class);
      try (PreparedStatement s = c.prepareStatement(RETIRED); var rs = s.executeQuery()) {
        while (rs.next()) {
          Category.fromCode(rs.getString(1)).ifPresent(out::add);
        }
      }
      return out;
    });
  }

  public List<Category> offered() throws SQLException, GeneralSecurityException {
    Set<Category> retired = retired();
    return Arrays.stream(Category.values()).filter(c -> !retired.contains(c)).toList();
  }

  /** The beheerder takes a category (its code) off the form, or puts it back. */
  public void setOffered(Account admin, String code, boolean offered) throws SQLException, GeneralSecurityException {
    Category category = Category.fromCode(code).orElseThrow(Refusal::notFound);
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(offered ? RESTORE : RETIRE)) {
        s.setString(1, category.code());
        return s.executeUpdate();
      }
    });
    audit.record(Optional.of(new Actor(admin.id(), admin.username())), AuditAction.CATALOGUE_CHANGED, Optional.empty(),
        Optional.of("category " + category.code() + (offered ? " offered" : " retired")));
  }
}
