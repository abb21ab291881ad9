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
 * twelve symbols (60 bits) is offered to whoever would rather not choose one.
 */
public final class PassphraseStrength {
  /** log10 of 2^60: the guesses a holder's password must resist. */
  static final double LEAST_GUESSES_LOG10 = 60 * Math.log10(2);

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

  /** A suggestion of 60 random bits, in groups a person can type: "7K3Q-9XPA-M2C4". */
  public String suggestion() {
    String symbols = Crockford.random(random, 12);
    return symbols.substring(0, 4) + "-" + symbols.substring(4, 8) + "-" + symbols.substring(8);
  }
}
