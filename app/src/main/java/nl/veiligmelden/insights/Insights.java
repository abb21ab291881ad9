package nl.veiligmelden.insights;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.suppression.SmallCells;

/**
 * The ombudsfunctionaris' figures, each computed once here and only drawn by the page, the JSON,
 * the CSV and the PDF: trends by a dimension, the follow-up of a year, and the dashboard (which is
 * also the annual report). Every count passes {@link SmallCells}; a span with fewer reports than
 * the threshold shows none. Exports are audited here.
 */
public final class Insights {
  /** The tables of the dashboard, in the order it shows them. */
  private static final List<Dimension> DASHBOARD = List.of(Dimension.MONTH, Dimension.QUARTER, Dimension.YEAR, Dimension.CATEGORY,
      Dimension.UNIT, Dimension.ROLE, Dimension.ANONYMITY);
  private static final int FIRST_YEAR = 2000;

  /** The counts of one span by one dimension, protected. */
  public record Trend(Dimension by, Span span, SmallCells.Table table) {}

  /**
   * The dashboard of a span and a year, or the annual report of a year: a table per dimension, the
   * year's follow-up, how many recurring signals there are, and the pulse and the evaluations per
   * question; all protected. {@code refused}: why the span has no tables (malformed, or too few
   * reports); everything else is shown all the same. {@code computedAt}: when it was read.
   */
  public record Overview(Span span, int year, Optional<Problem> refused, List<Trend> trends, int total, FollowUp.Shown followUp,
      int clusters, List<Likert.Distribution> pulse, List<Likert.Distribution> evaluations, LocalDateTime computedAt) {}

  private final TrendQueries trends;
  private final FollowUp followUp;
  private final Snapshot snapshot;
  private final SmallCells cells;
  private final AuditLog audit;
  private final Clock clock;

  public Insights(TrendQueries trends, FollowUp followUp, Snapshot snapshot, SmallCells cells, AuditLog audit, Clock clock) {
    this.trends = trends;
    this.followUp = followUp;
    this.snapshot = snapshot;
    this.cells = cells;
    this.audit = audit;
    this.clock = clock;
  }

  /** Reports by one dimension over the typed months ("month" when none is named). */
  public Trend trend(String by, String from, String to) throws SQLException, GeneralSecurityException {
    Dimension dimension = Dimension.fromCode(by == null ? Dimension.MONTH.code() : by)
        .orElseThrow(() -> Refusal.invalid("error.invalidChoice"));
    Span span = Span.of(from, to, YearMonth.now(clock));
    var roles = dimension == Dimension.ROLE ? trends.roles(span.from(), span.to()) : List.<TrendQueries.Count>of();
    return new Trend(dimension, span, table(dimension, trends.cube(span.from(), span.to()), roles));
  }

  /** The same trend, to be taken away as a file: audited. */
  public Trend exportTrend(Account who, String by, String from, String to) throws SQLException, GeneralSecurityException {
    Trend trend = trend(by, from, to);
    exported(who, trend.by().code() + " " + trend.span().from() + ".." + trend.span().to());
    return trend;
  }

  /** How the reports of the typed year (none: this year) were followed up. */
  public FollowUp.Shown followUp(String year) throws SQLException, GeneralSecurityException {
    return followUp.of(year(year), LocalDate.now(clock)).protectedBy(cells);
  }

  /** The dashboard over the typed months; a malformed span shows the default one, with why. */
  public Overview dashboard(String from, String to) throws SQLException, GeneralSecurityException {
    Span span;
    Optional<Problem> refused = Optional.empty();
    try {
      span = Span.of(from, to, YearMonth.now(clock));
    } catch (Refusal e) {
      span = snapshot.defaultSpan();
      refused = Optional.of(e.problem());
    }
    return overview(span, span.to().getYear(), refused);
  }

  /** The annual report of the typed year (none: this year). */
  public Overview annualReport(String year) throws SQLException, GeneralSecurityException {
    int y = year(year);
    return overview(Span.year(y), y, Optional.empty());
  }

  /**
   * The annual report, to be taken away as a file: audited like the CSV exports, and read now,
   * never from the kept reading, so the file is never older than the page that links to it (it
   * says when its figures were computed).
   */
  public Overview exportAnnualReport(Account who, String year) throws SQLException, GeneralSecurityException {
    int y = year(year);
    Overview report = overview(Span.year(y), y, Optional.empty(), true);
    exported(who, "annual report pdf " + report.year());
    return report;
  }

  /** Reads the default view again; the job runs it every few minutes. */
  public void refreshSnapshot() throws SQLException, GeneralSecurityException {
    snapshot.refresh();
  }

  private Overview overview(Span span, int year, Optional<Problem> refused) throws SQLException, GeneralSecurityException {
    return overview(span, year, refused, false);
  }

  private Overview overview(Span span, int year, Optional<Problem> refused, boolean now) throws SQLException, GeneralSecurityException {
    Snapshot.Readings r = now ? snapshot.readNow(span, year) : snapshot.readings(span, year);
    var tables = new ArrayList<Trend>();
    Optional<Problem> why = refused;
    if (why.isEmpty()) {
      try {
        for (Dimension by : DASHBOARD) {
          tables.add(new Trend(by, span, table(by, r.cube(), r.roles())));
        }
      } catch (Refusal e) {
        why = Optional.of(e.problem());
        tables.clear();
      }
    }
    return new Overview(span, year, why, List.copyOf(tables), r.cube().total(), r.followUp().protectedBy(cells), r.clusters(),
        protect(r.pulse()), protect(r.evaluations()), r.computedAt());
  }

  /** One dimension's protected table from counts already read: roles are counted apart, the rest are sums of the cube. */
  private SmallCells.Table table(Dimension by, TrendQueries.Cube cube, List<TrendQueries.Count> roles) {
    int total = cube.total();
    if (total < cells.threshold()) {
      throw Refusal.invalid("error.tooFewReports", cells.threshold());
    }
    List<TrendQueries.Count> counts = by == Dimension.ROLE ? roles : cube.by(by);
    return cells.protect(counts.stream().map(c -> new SmallCells.Shown(c.key(), c.count(), false)).toList(), total);
  }

  /** Answers 1–5 per question, summed over units, protected like every other count. */
  private List<Likert.Distribution> protect(List<Likert.Tally> tallies) {
    return Likert.perQuestion(tallies).stream().map(t -> Likert.protect(t, cells)).toList();
  }

  private int year(String typed) {
    int thisYear = LocalDate.now(clock).getYear();
    try {
      int year = typed == null || typed.isBlank() ? thisYear : Integer.parseInt(typed.strip());
      if (year < FIRST_YEAR || year > thisYear) {
        throw Refusal.invalid("error.span");
      }
      return year;
    } catch (NumberFormatException e) {
      throw Refusal.invalid("error.span");
    }
  }

  private void exported(Account who, String what) throws SQLException, GeneralSecurityException {
    audit.record(Optional.of(new Actor(who.id(), who.username())), AuditAction.INSIGHTS_EXPORTED, Optional.empty(), Optional.of(what));
  }
}
