package nl.veiligmelden.intake;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.DateLine;

/**
 * The dates of a report as a reporter reads them: in the order they come, whichever rule set
 * them (the first reply within a few working days usually comes before the acknowledgement
 * within 7 days, but an institution may set it later). Entries on the same day keep the order
 * given.
 */
public final class Timeline {
  private Timeline() {}

  /** A date and the message key that says what it is. */
  public record Entry(LocalDate date, String key) {}

  public static List<DateLine> lines(Messages t, Entry... entries) {
    return Arrays.stream(entries).sorted(Comparator.comparing(Entry::date))
        .map(e -> new DateLine(t.get(e.key()), Formats.date(e.date(), t))).toList();
  }

  /** The dates of a new report: first reply, acknowledgement and the three-month feedback, in their order. */
  public static List<DateLine> of(Receipt receipt, Messages t) {
    return lines(t, new Entry(receipt.firstReplyBy(), "receipt.firstReply"), new Entry(receipt.acknowledgeBy(), "receipt.ack"),
        new Entry(receipt.feedbackBy(), "receipt.feedbackBy"));
  }
}
