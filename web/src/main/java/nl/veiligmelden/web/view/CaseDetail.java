package nl.veiligmelden.web.view;

import java.util.List;

/** One report, decrypted for the handler who opened it. Empty strings where nothing was given. */
public record CaseDetail(
    String reference,
    String submittedOn,
    String acknowledgeBy,
    String firstReplyBy,
    String categoryLabel,
    String unitLabel,
    String statusCode,
    String statusLabel,
    String anonymityLabel,
    String wishLabel,
    String languageLabel,
    String description,
    String when,
    String where,
    List<PersonView> involved,
    String pseudonym,
    String contact) {}
