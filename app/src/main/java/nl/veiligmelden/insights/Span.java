package nl.veiligmelden.insights;

import java.time.DateTimeException;
import java.time.YearMonth;
import nl.veiligmelden.refusal.Refusal;

/** The whole months figures are counted over, {@code from} and {@code to} both included. */
public record Span(YearMonth from, YearMonth to) {
  private static final int MAX_MONTHS = 120;

  /** The dashboard's default: the twelve months up to and including {@code end}. */
  public static Span twelveMonthsTo(YearMonth end) {
    return new Span(end.minusMonths(11), end);
  }

  public static Span year(int year) {
    return new Span(YearMonth.of(year, 1), YearMonth.of(year, 12));
  }

  /**
   * The months typed as YYYY-MM (no end: {@code now}; no start: twelve months before the end);
   * refused when malformed, reversed or longer than ten years.
   */
  public static Span of(String from, String to, YearMonth now) {
    try {
      YearMonth end = to == null || to.isBlank() ? now : YearMonth.parse(to.strip());
      YearMonth start = from == null || from.isBlank() ? end.minusMonths(11) : YearMonth.parse(from.strip());
      if (start.isAfter(end) || start.plusMonths(MAX_MONTHS).isBefore(end)) {
        throw Refusal.invalid("error.span");
      }
      return new Span(start, end);
    } catch (DateTimeException e) {
      throw Refusal.invalid("error.span");
    }
  }
}
