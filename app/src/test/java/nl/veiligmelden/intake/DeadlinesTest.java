package nl.veiligmelden.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private final Deadlines twoDays = new Deadlines(2);

  @Test
  void easterFollowsTheCalendar() {
    assertEquals(LocalDate.of(2024, 3, 31), DutchHolidays.easterSunday(2024));
    assertEquals(LocalDate.of(2025, 4, 20), DutchHolidays.easterSunday(2025));
    assertEquals(LocalDate.of(2026, 4, 5), DutchHolidays.easterSunday(2026));
    assertEquals(LocalDate.of(2027, 3, 28), DutchHolidays.easterSunday(2027));
    assertEquals(LocalDate.of(2038, 4, 25), DutchHolidays.easterSunday(2038));
  }

  @Test
  void acknowledgementIsSevenCalendarDays() {
    assertEquals(LocalDate.of(2026, 12, 31), twoDays.acknowledgeBy(LocalDate.of(2026, 12, 24)));
  }

  @Test
  void firstReplySkipsTheWeekend() {
    // Thursday -> Friday, Monday.
    assertEquals(LocalDate.of(2026, 11, 23), twoDays.firstReplyBy(LocalDate.of(2026, 11, 19)));
    // Saturday -> Monday, Tuesday.
    assertEquals(LocalDate.of(2026, 11, 24), twoDays.firstReplyBy(LocalDate.of(2026, 11, 21)));
  }

  @Test
  void firstReplySkipsEasterMondayKingsDayAndChristmas() {
    // Thursday 2 April 2026: Friday 3 (Good Friday is a working day), Monday 6 is Easter Monday -> Tuesday 7.
    assertEquals(LocalDate.of(2026, 4, 7), twoDays.firstReplyBy(LocalDate.of(2026, 4, 2)));
    // Friday 24 April 2026: Monday 27 is King's Day -> Tuesday 28, Wednesday 29.
    assertEquals(LocalDate.of(2026, 4, 29), twoDays.firstReplyBy(LocalDate.of(2026, 4, 24)));
    // King's Day 2025 fell on a Sunday: Saturday 26 April was the holiday (a weekend day anyway).
    assertTrue(DutchHolidays.isHoliday(LocalDate.of(2025, 4, 26)));
    assertFalse(DutchHolidays.isHoliday(LocalDate.of(2025, 4, 27)));
    // Wednesday 23 December 2026: Thursday 24, then 25 and 26 are Christmas, 27 Sunday -> Monday 28.
    assertEquals(LocalDate.of(2026, 12, 28), twoDays.firstReplyBy(LocalDate.of(2026, 12, 23)));
    // Ascension Day 2026 is Thursday 14 May; Whit Monday 25 May.
    assertTrue(DutchHolidays.isHoliday(LocalDate.of(2026, 5, 14)));
    assertTrue(DutchHolidays.isHoliday(LocalDate.of(2026, 5, 25)));
    assertTrue(DutchHolidays.isHoliday(LocalDate.of(2026, 5, 5)));
    assertTrue(DutchHolidays.isHoliday(LocalDate.of(2027, 1, 1)));
  }
}
