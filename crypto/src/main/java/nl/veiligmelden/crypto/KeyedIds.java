package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Ids the database keeps in place of secrets (session tokens) and bindings between rows, computed
 * with the blind-PRF key under a label per use. Someone who can write to the database but lacks
 * the key cannot make an id that the server will accept.
 */
public final class KeyedIds {
  private final Keyring keyring;

  public KeyedIds(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] of(String label, String... parts) throws GeneralSecurityException {
    var input = new StringBuilder(label);
    for (String part : parts) {
      input.append('\0').append(part);
    }
    return keyring.blindPrf().computePrimary(input.toString().getBytes(StandardCharsets.UTF_8), 16);
  }
}
