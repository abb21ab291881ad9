package nl.veiligmelden.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
/**
 * Dates as people read them in the page's language, in the pattern its bundle gives
 * ({@code format.date}, {@code format.month}): "23 november 2026", "23. November 2026",
 * "23 نوفمبر 2026". Digits stay the western ones in every language (java.time's default).
 */
public final class Formats {
  private Formats() {}

  public static String date(LocalDate date, Messages t) {
    return DateTimeFormatter.ofPattern(t.get("format.date"), Locale.forLanguageTag(t.lang())).format(date);
  }

  public static String month(YearMonth month, Messages t) {
    return DateTimeFormatter.ofPattern(t.get("format.month"), Locale.forLanguageTag(t.lang())).format(month);
  }
}
