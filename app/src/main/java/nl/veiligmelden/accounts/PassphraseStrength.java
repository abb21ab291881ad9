package nl.veiligmelden.accounts;

import com.nulabinc.zxcvbn.Zxcvbn;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.refusal.Problem;

/**
 * A key holder's password unseals her private key (docs/DESIGN.md, rule 9): whoever steals the
 * database can try passwords against it offline, at the cost of one Argon2id each. So a holder's
 * password must resist about 2^60 guesses, as zxcvbn estimates them (dictionary words, names,
 * keyboard patterns and the holder's own username count for little). A generated passphrase of
 * twenty symbols (100 bits) is offered to whoever would rather not choose one. Not fewer: zxcvbn
 * estimates a random string by its length alone (about 10 guesses a character), so twelve random
 * symbols, 60 bits, were refused every time by the very check they were offered to pass.
 */
public final class PassphraseStrength {
  /** log10 of 2^60: the guesses a holder's password must resist. */
  static final double LEAST_GUESSES_LOG10 = 60 * Math.log10(2);
  /** Symbols of a suggestion, five bits each, in groups of four. */
  static final int SUGGESTED_SYMBOLS = 20;

  private final Zxcvbn zxcvbn = new Zxcvbn();
  private final SecureRandom random;

  public PassphraseStrength(SecureRandom random) {
    this.random = random;
  }

  /** What is wrong with a password chosen for an account that holds keys; nothing when it is strong enough. */
  public Optional<Problem> problemWith(CharSequence password, String username) {
    if (zxcvbn.measure(password, List.of(username, "veilig", "melden", "vertrouwenspersoon")).getGuessesLog10() < LEAST_GUESSES_LOG10) {
      return Optional.of(new Problem("error.passwordWeak"));
    }
    return Optional.empty();
  }

  /** A suggestion of 100 random bits, in groups a person can type: "7K3Q-9XPA-M2C4-TT8W-Q1ZD". */
  public String suggestion() {
    String symbols = Crockford.random(random, SUGGESTED_SYMBOLS);
    var grouped = new StringBuilder();
    for (int i = 0; i < SUGGESTED_SYMBOLS; i += 4) {
      grouped.append(i == 0 ? "" : "-").append(symbols, i, i + 4);
    }
    return grouped.toString();
  }
}
