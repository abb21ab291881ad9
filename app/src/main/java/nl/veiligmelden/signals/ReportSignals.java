package nl.veiligmelden.signals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.crypto.BlindToken;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.intake.InvolvedRole;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.normalise.Identifiers;
import nl.veiligmelden.normalise.PersonSignals;
import nl.veiligmelden.normalise.PlaceWords;
import nl.veiligmelden.crypto.SignalValue;

/**
 * The blind tokens of one report: the people it names (with the role the reporter gave them),
 * the e-mail addresses, phone numbers and handles in its text, and the words of its place.
 * Computed while the plaintext is in memory; only the tokens are kept.
 */
public final class ReportSignals {
  /** One token, and the role of the person it came from when that is known. */
  public record RoleToken(BlindToken token, Optional<InvolvedRole> role) {}

  private final BlindTokens blind;

  public ReportSignals(BlindTokens blind) {
    this.blind = blind;
  }

  public List<RoleToken> of(ReportDraft draft) {
    return of(draft.description(), draft.when(), draft.where(), draft.involved());
  }

  public List<RoleToken> of(String description, String when, String where, List<ReportDraft.Involved> involved) {
    var out = new LinkedHashMap<BlindToken, RoleToken>();
    for (ReportDraft.Involved person : involved) {
      if (!person.name().isEmpty()) {
        add(out, PersonSignals.of(person.name()), Optional.of(person.role()));
      }
    }
    // An address in the story belongs to the one person named, if there is one; otherwise to nobody known.
    Optional<InvolvedRole> onlyRole = involved.size() == 1 ? Optional.of(involved.get(0).role()) : Optional.empty();
    add(out, Identifiers.in(description + "\n" + when + "\n" + where), onlyRole);
    add(out, PlaceWords.of(where), Optional.empty());
    return List.copyOf(out.values());
  }

  private void add(Map<BlindToken, RoleToken> out, Set<SignalValue> values, Optional<InvolvedRole> role) {
    for (SignalValue value : values) {
      BlindToken token = blind.of(value);
      out.putIfAbsent(token, new RoleToken(token, role));
    }
  }
}
