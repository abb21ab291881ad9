package nl.veiligmelden.web.view;

import java.util.List;

/** The bewaarder's open requests to reveal a reporter's contact details. */
public record DisclosuresView(Layout layout, String handlerName, List<Row> requests) {

  /** One open request: which report, who asks, why, since when. */
  public record Row(String id, String reference, String requester, String reason, String requestedOn) {}
}
