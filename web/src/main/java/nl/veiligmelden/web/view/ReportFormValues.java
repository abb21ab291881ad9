package nl.veiligmelden.web.view;

import java.util.List;

/** Everything a reporter typed or chose, kept so that a failed submission loses nothing. */
public record ReportFormValues(
    String category,
    String unit,
    String description,
    String when,
    String where,
    List<InvolvedValues> involved,
    String anonymity,
    String wish,
    String adviser,
    String escrow,
    String pseudonym,
    String contact,
    // the optional address for a content-free notice when a reply is there ("" when none)
    String noticeAddress) {}
