package nl.veiligmelden.intake;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;

/**
 * The public holidays on which Dutch higher education is closed (the national holidays the CAOs
 * of hbo and universities name): New Year's Day, Easter Sunday and Monday, King's Day (27 April,
 * or 26 April when the 27th is a Sunday), Liberation Day (5 May), Ascension Day, Whit Sunday and
 * Monday, Christmas Day and Boxing Day. Good Friday is not one.
 */
public final class DutchHolidays {
  private DutchHolidays() {}

  public static boolean isHoliday(LocalDate day) {
    int year = day.getYear();
    LocalDate easter = easterSunday(year);
    LocalDate kingsDay = LocalDate.of(year, Month.APRIL, 27);
    if (kingsDay.getDayOfWeek() == DayOfWeek.SUNDAY) {
      kingsDay = kingsDay.minusDays(1);
    }
    return day.equals(LocalDate.of(year, Month.JANUARY, 1))
        || day.equals(easter)
        || day.equals(easter.plusDays(1))
        || day.equals(kingsDay)
        || day.equals(LocalDate.of(year, Month.MAY, 5))
        || day.equals(easter.plusDays(39))
        || day.equals(easter.plusDays(49))
        || day.equals(easter.plusDays(50))
        || day.equals(LocalDate.of(year, Month.DECEMBER, 25))
        || day.equals(LocalDate.of(year, Month.DECEMBER, 26));
  }

  public static boolean isWorkingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !isHoliday(day);
  }

  /** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
