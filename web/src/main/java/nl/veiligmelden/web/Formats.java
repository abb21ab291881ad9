package nl.veiligmelden.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
/** Dates as people read them: "23 november 2026", "23 November 2026". */
public final class Formats {
  private static final DateTimeFormatter NL = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("nl"));
  private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter NL_MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.forLanguageTag("nl"));
  private static final DateTimeFormatter EN_MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

  private Formats() {}

  public static String date(LocalDate date, Messages t) {
    return (Messages.ENGLISH.equals(t.lang()) ? EN : NL).format(date);
  }

  public static String month(YearMonth month, Messages t) {
    return (Messages.ENGLISH.equals(t.lang()) ? EN_MONTH : NL_MONTH).format(month);
  }
}
