package nl.veiligmelden.web.view;

import java.util.List;

/** The case-meeting requests a VP was sent about their own cases. */
public record MeetingsView(Layout layout, String handlerName, List<MeetingRow> requests) {

  /** {@code answer}: the answer in words, "" while open. */
  public record MeetingRow(long id, String reference, String requestedOn, String answer) {}
}
