package nl.veiligmelden.signals;

import java.util.LinkedHashMap;
import java.util.List;
import nl.veiligmelden.crypto.BlindToken;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.intake.InvolvedRole;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.normalise.PersonSignals;

/**
 * The blind tokens the server keeps of one report under its own key: only what escrow release and
 * the ombudsfunctionaris' clusters need, and only of the persons the report is about. From each
 * name field of the people involved: the full name, surname and initial and the phonetic keys,
 * and the e-mail addresses, phone numbers and handles written in that field ("Henk Smit (+31 6
 * 12345678)"). Nothing of the story, the place or the time, and nothing of the reporter: under
 * docs/DESIGN.md rule 9 whatever the server can compute alone must be no more than correlation
 * needs. A handler still finds a place or a number in her own reports through her own search.
 *
 * <p>Computed while the plaintext is in memory at intake; only the tokens are kept.
 */
public final class ReportSignals {
  /** One token and the role of the person whose name field it came from. */
  public record RoleToken(BlindToken token, InvolvedRole role) {}

  private final BlindTokens blind;

  public ReportSignals(BlindTokens blind) {
    this.blind = blind;
  }

  public List<RoleToken> of(ReportDraft draft) {
    return of(draft.involved());
  }

  /** The tokens of these people; a value two of them share is kept once, with the first one's role. */
  public List<RoleToken> of(List<ReportDraft.Involved> involved) {
    var out = new LinkedHashMap<BlindToken, RoleToken>();
    for (ReportDraft.Involved person : involved) {
      if (person.name().isEmpty()) {
        continue;
      }
      for (SignalValue value : PersonSignals.of(person.name())) {
        BlindToken token = blind.of(value);
        out.putIfAbsent(token, new RoleToken(token, person.role()));
      }
    }
    return List.copyOf(out.values());
  }
}
