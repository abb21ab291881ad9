package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals secrets that belong to a handler account (the TOTP secret) under the {@code accounts}
 * keyset, bound to the account: a sealed secret copied onto another account does not open.
 */
public final class AccountSecrets {
  private final Keyring keyring;

  public AccountSecrets(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] seal(long accountId, String purpose, byte[] secret) throws GeneralSecurityException {
    return keyring.accounts().encrypt(secret, ad(accountId, purpose));
  }

  public byte[] open(long accountId, String purpose, byte[] sealed) throws GeneralSecurityException {
    return keyring.accounts().decrypt(sealed, ad(accountId, purpose));
  }

  private static byte[] ad(long accountId, String purpose) {
    return ("vm1 account " + accountId + " " + purpose).getBytes(StandardCharsets.UTF_8);
  }
}
