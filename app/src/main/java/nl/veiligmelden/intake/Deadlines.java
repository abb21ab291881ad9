package nl.veiligmelden.intake;

import java.time.LocalDate;

/**
 * The dates a reporter is promised: acknowledgement within 7 days (EU Directive 2019/1937 art. 9,
 * Wbk) and the institution's own first-reply target in working days: weekends and Dutch public
 * holidays do not count ({@link DutchHolidays}).
 */
public final class Deadlines {
  private final int firstReplyWorkingDays;

  public Deadlines(int firstReplyWorkingDays) {
    this.firstReplyWorkingDays = firstReplyWorkingDays;
  }

  public LocalDate acknowledgeBy(LocalDate submittedOn) {
    return submittedOn.plusDays(7);
  }

  /** Feedback on what was done, within three months (EU Directive 2019/1937 art. 9). */
  public LocalDate feedbackBy(LocalDate submittedOn) {
    return submittedOn.plusMonths(3);
  }

  public LocalDate firstReplyBy(LocalDate submittedOn) {
    LocalDate day = submittedOn;
    int left = firstReplyWorkingDays;
    while (left > 0) {
      day = day.plusDays(1);
      if (DutchHolidays.isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }
}
