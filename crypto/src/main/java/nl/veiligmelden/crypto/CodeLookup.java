package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The only trace of a return code the server keeps: a 16-byte PRF output under the blind-PRF
 * keyset. With 95 random bits in the code there is nothing to brute-force, even with the keys,
 * so no slow hash is needed; without the keys the id says nothing at all.
 */
public final class CodeLookup {
  static final int ID_BYTES = 16;
  // Same length as a real code, a symbol no parsed code can hold: a decoy never matches a row.
  private static final String DECOY = "UUUUUUUUUUUUUUUUUUUU";

  private final Keyring keyring;

  public CodeLookup(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] idOf(ReturnCode code) throws GeneralSecurityException {
    return compute(code.canonical());
  }

  /**
   * The id to look up for whatever was typed. A malformed code costs the same PRF work as a real
   * one and yields an id no row has, so the caller can run the very same query for both.
   */
  public byte[] idOf(Optional<ReturnCode> typed) throws GeneralSecurityException {
    return compute(typed.map(ReturnCode::canonical).orElse(DECOY));
  }

  /**
   * Binds a code to the report it opens. Checked at sign-in, so a lookup id copied from one
   * report row onto another by someone with database access opens nothing.
   */
  public byte[] bindingOf(ReturnCode code, String reportId) throws GeneralSecurityException {
    byte[] input = ("return-code-binding\0" + code.canonical() + "\0" + reportId).getBytes(StandardCharsets.US_ASCII);
    return keyring.blindPrf().computePrimary(input, ID_BYTES);
  }

  private byte[] compute(String canonical) throws GeneralSecurityException {
    byte[] input = ("return-code\0" + canonical).getBytes(StandardCharsets.US_ASCII);
    return keyring.blindPrf().computePrimary(input, ID_BYTES);
  }
}
