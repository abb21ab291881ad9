package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;

/**
 * The values to blind for a name field, from strong to weak:
 *
 * <ul>
 *   <li>{@code PERSON_NAME} "jan vries": first given name and surname core, only when the first
 *       name is written out. Links "Jan de Vries" to "De Vries, Jan", never to "Piet de Vries".
 *   <li>{@code SURNAME_INITIAL} "vries j": surname core and first initial, whenever an initial
 *       or given name is known. The link between "J. de Vries" and "Jan de Vries" (and, by
 *       design, "Johan de Vries": the ombudsfunctionaris judges).
 *   <li>{@code PHONETIC}: the sound-alike keys of each surname core ({@link PhoneticKeys}), a
 *       weak hint that also joins "Dijkstra" and "Dykstra".
 *   <li>{@code EMAIL}, {@code PHONE}, {@code HANDLE} found in the field itself, which reporters
 *       use for whatever they know of the person.
 * </ul>
 *
 * <p>A surname without any given name or initial ("de Vries", "mevr. Bakker") yields only
 * phonetic keys: a surname alone is shared by too many people to be more than a hint. A given
 * name alone ("Jan") yields nothing at all.
 *
 * <p>A double surname ("Jansen-de Vries") yields its tokens for the whole ("jansen-vries") and
 * for each part ("jansen", "vries"): a person known by one of the two names still meets, and a
 * report that has the whole shares more tokens, so a stronger link, with another that has it.
 */
public final class PersonSignals {
  private PersonSignals() {}

  public static Set<SignalValue> of(String rawName) {
    var values = new LinkedHashSet<SignalValue>(Identifiers.in(rawName));
    for (PersonName name : PersonName.allIn(rawName)) {
      values.addAll(of(name));
    }
    return values;
  }

  public static Set<SignalValue> of(PersonName name) {
    var values = new LinkedHashSet<SignalValue>();
    if (name.surnames().isEmpty()) {
      return values;
    }
    List<String> surnames = new ArrayList<>();
    surnames.add(String.join("-", name.surnames()));
    if (name.surnames().size() > 1) {
      surnames.addAll(name.surnames());
    }
    surnames.addAll(name.alternativeSurnames());
    for (String surname : surnames) {
      name.firstName().ifPresent(first -> values.add(new SignalValue(TokenKind.PERSON_NAME, first + " " + surname)));
      name.firstInitial().ifPresent(initial -> values.add(new SignalValue(TokenKind.SURNAME_INITIAL, surname + " " + initial)));
    }
    // Not for the other readings, which are guesses: "Denekamp" read as "den Ekamp" must not
    // sound like anyone.
    for (String core : name.surnames()) {
      for (String key : PhoneticKeys.of(core)) {
        values.add(new SignalValue(TokenKind.PHONETIC, key));
      }
    }
    return values;
  }
}
