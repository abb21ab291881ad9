package nl.veiligmelden.retention;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.Category;

/**
 * The retention job: finds closed reports whose period under the {@link RetentionPolicy} has
 * passed and deletes them through {@link ReportDeletion}. Run daily by the server (the first node
 * to claim the day) and by {@code retention run}; {@code --dry-run} only says what would go.
 * Reports that were never closed (and reports in escrow, which are never closed) are kept.
 */
public final class Retention {
  private static final String CANDIDATES = """
      SELECT id, category, measures_taken, closed_on FROM report
       WHERE closed_on IS NOT NULL AND closed_on < ? AND status IN ('afgerond', 'doorverwezen')
      """;
  private static final String CLAIM_DAY = """
      INSERT IGNORE INTO job_run (name, run_on) VALUES ('retention', ?)
      """;

  private final Database database;
  private final RetentionPolicy policy;
  private final ReportDeletion deletion;
  private final AuditLog audit;

  public Retention(Database database, RetentionPolicy policy, ReportDeletion deletion, AuditLog audit) {
    this.database = database;
    this.policy = policy;
    this.deletion = deletion;
    this.audit = audit;
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /** What a run deleted (or, dry, would delete): how many reports of each category. */
  public record Outcome(boolean dryRun, Map<String, Integer> perCategory) {
    public int reports() {
      return perCategory.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private record Candidate(String id, Category category, boolean measures, LocalDate closedOn) {}

  /** The ids of the reports whose retention period has passed on {@code today}. */
  List<Candidate> expired(LocalDate today) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Candidate>();
      try (PreparedStatement s = c.prepareStatement(CANDIDATES)) {
        s.setDate(1, Date.valueOf(policy.noneExpiredClosedOnOrAfter(today)));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            Optional<Category> category = Category.fromCode(rs.getString(2));
            // An unknown category code (a hand-edited row) gets the general periods.
            var candidate = new Candidate(rs.getString(1), category.orElse(Category.ANDERS), rs.getBoolean(3),
                rs.getDate(4).toLocalDate());
            if (policy.expired(candidate.category(), candidate.measures(), candidate.closedOn(), today)) {
              out.add(candidate);
            }
          }
        }
      }
      return out;
    });
  }

  public Outcome run(LocalDate today, boolean dryRun) throws IOException, SQLException, GeneralSecurityException {
    List<Candidate> expired = expired(today);
    var perCategory = new TreeMap<String, Integer>();
    expired.forEach(e -> perCategory.merge(e.category().code(), 1, Integer::sum));
    if (dryRun || expired.isEmpty()) {
      return new Outcome(dryRun, perCategory);
    }
    // Recorded first, like every other handling of a report; names no report.
    audit.record(Optional.empty(), AuditAction.REPORT_DELETED, Optional.empty(),
        Optional.of("retention: " + expired.size() + " report(s)"));
    deletion.delete(expired.stream().map(Candidate::id).toList());
    return new Outcome(false, perCategory);
  }

  /** The server's daily run: only the node that claims the day runs it. Empty when another did. */
  public Optional<Outcome> runDaily(LocalDate today) throws IOException, SQLException, GeneralSecurityException {
    boolean ours = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM_DAY)) {
        s.setDate(1, Date.valueOf(today));
        return s.executeUpdate() == 1;
      }
    });
    return ours ? Optional.of(run(today, false)) : Optional.empty();
  }
}
