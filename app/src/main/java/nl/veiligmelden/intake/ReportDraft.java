package nl.veiligmelden.intake;

import java.util.List;
import java.util.Optional;

/** A report that passed validation, ready to be sealed. Optional fields are empty, never null. */
public record ReportDraft(
    Category category,
    Optional<String> unit,
    String description,
    String when,
    String where,
    List<Involved> involved,
    Anonymity anonymity,
    Optional<Wish> wish,
    AdviserPreference adviser,
    boolean escrow,
    String pseudonym,
    String contact,
    // where to send a content-free notice when a reply is there ("" when none); never shown to handlers
    String noticeAddress,
    String language) {

  /** A person involved: role always, name only if the reporter gave one. */
  public record Involved(InvolvedRole role, String name) {}
}
