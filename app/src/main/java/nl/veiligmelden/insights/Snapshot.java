package nl.veiligmelden.insights;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.monitoring.Pulse;
import nl.veiligmelden.signals.SignalClusters;

/**
 * What the dashboard reads from the database, and the default view's reading kept from the last
 * background run. Over a million reports reading takes seconds, so the ombudsfunctionaris opening
 * her dashboard gets figures minutes old (the time is shown) instead of waiting; any other span
 * or year is read when asked.
 */
public final class Snapshot {
  private static final Duration FRESH = Duration.ofMinutes(10);

  /** Everything the dashboard reads for one span and year, before protection. */
  record Readings(TrendQueries.Cube cube, List<TrendQueries.Count> roles, FollowUp.Figures followUp, int clusters,
      List<Likert.Tally> pulse, List<Likert.Tally> evaluations, LocalDateTime computedAt) {}

  private final TrendQueries trends;
  private final FollowUp followUp;
  private final SignalClusters clusters;
  private final Pulse pulse;
  private final Evaluations evaluations;
  private final Clock clock;
  private final AtomicReference<Optional<Readings>> last = new AtomicReference<>(Optional.empty());

  public Snapshot(TrendQueries trends, FollowUp followUp, SignalClusters clusters, Pulse pulse, Evaluations evaluations, Clock clock) {
    this.trends = trends;
    this.followUp = followUp;
    this.clusters = clusters;
    this.pulse = pulse;
    this.evaluations = evaluations;
    this.clock = clock;
  }

  /** Reads the default view again (the last twelve months, this year's follow-up); run every few minutes. */
  public void refresh() throws SQLException, GeneralSecurityException {
    Span span = defaultSpan();
    last.set(Optional.of(read(span, span.to().getYear())));
  }

  /** The default span: the twelve months up to this one. */
  Span defaultSpan() {
    return Span.twelveMonthsTo(YearMonth.now(clock));
  }

  /** The readings of a span and a year: the kept ones for the default view while fresh, else read now. */
  Readings readings(Span span, int year) throws SQLException, GeneralSecurityException {
    Span standard = defaultSpan();
    if (!span.equals(standard) || year != standard.to().getYear()) {
      return read(span, year);
    }
    Optional<Readings> kept = last.get();
    if (kept.isPresent() && kept.get().computedAt().isAfter(LocalDateTime.now(clock).minus(FRESH))) {
      return kept.get();
    }
    Readings now = read(span, year);
    last.set(Optional.of(now));
    return now;
  }

  /** The readings of a span and a year as they are now, whatever is kept (an export that must not be older than its page). */
  Readings readNow(Span span, int year) throws SQLException, GeneralSecurityException {
    return read(span, year);
  }

  private Readings read(Span span, int year) throws SQLException, GeneralSecurityException {
    return new Readings(trends.cube(span.from(), span.to()), trends.roles(span.from(), span.to()),
        followUp.of(year, LocalDate.now(clock)), clusters.count(), pulse.tallies(span.from(), span.to()),
        evaluations.tallies(year), LocalDateTime.now(clock));
  }
}
