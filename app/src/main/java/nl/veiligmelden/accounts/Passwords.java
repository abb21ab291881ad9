package nl.veiligmelden.accounts;

import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import nl.veiligmelden.crypto.PasswordHasher;
import nl.veiligmelden.crypto.PasswordKeys;
import nl.veiligmelden.crypto.SealingKey;

/**
 * A password as an account row keeps it. The form since zero access: a salt and a verifier split
 * by HKDF from one Argon2id, whose other half is the key that seals the holder's private keys
 * ({@link PasswordKeys}): one Argon2id per sign-in opens both. The form from before (a PHC
 * Argon2id string) is still checked, and replaced by the new form at the next good sign-in.
 */
final class Passwords {
  private static final String FORM = "vm-pk1$";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  /** A password as stored, and the key it yields now. */
  record Made(String stored, SealingKey sealing) {}

  /** A password that matched: the key it yields, and the new form to store when the row held the old one. */
  record Matched(SealingKey sealing, Optional<String> upgrade) {}

  private final PasswordKeys keys = new PasswordKeys();
  private final PasswordHasher before;
  private final SecureRandom random;

  Passwords(PasswordHasher before, SecureRandom random) {
    this.before = before;
    this.random = random;
  }

  Made make(CharSequence password) throws GeneralSecurityException {
    PasswordKeys.Salt salt = PasswordKeys.Salt.random(random);
    PasswordKeys.Derived derived = keys.derive(password, salt);
    return new Made(FORM + B64.encodeToString(salt.bytes()) + "$" + B64.encodeToString(derived.verifier()), derived.sealingKey());
  }

  /** Checks a typed password against a stored one; the same work whether it matches or not. */
  Optional<Matched> check(CharSequence typed, String stored) throws GeneralSecurityException {
    if (stored.startsWith(FORM)) {
      String[] parts = stored.substring(FORM.length()).split("\\$");
      if (parts.length != 2) {
        keys.verifiesNothing(typed);
        return Optional.empty();
      }
      PasswordKeys.Derived derived = keys.derive(typed, new PasswordKeys.Salt(Base64.getDecoder().decode(parts[0])));
      return keys.verifies(derived, Base64.getDecoder().decode(parts[1]))
          ? Optional.of(new Matched(derived.sealingKey(), Optional.empty())) : Optional.empty();
    }
    if (!before.matches(CharBuffer.wrap(typed), stored)) {
      return Optional.empty();
    }
    Made upgraded = make(typed);
    return Optional.of(new Matched(upgraded.sealing(), Optional.of(upgraded.stored())));
  }

  /** The work of a check, for a name nobody has: an unknown name and a wrong password cost the same. */
  void checkNothing(CharSequence typed) throws GeneralSecurityException {
    keys.verifiesNothing(typed);
  }
}
