package nl.veiligmelden.accounts;

import nl.veiligmelden.crypto.HolderKeys;

/**
 * A handler's private keys, opened for the length of one request: with her password at sign-in,
 * then from her session (sealed under a key her session token yields, docs/DESIGN.md, rule 9).
 * {@code keyId}: the directory's id of the key, which wraps to her name.
 */
public record HeldKeys(long keyId, HolderKeys keys) {
  @Override
  public String toString() {
    return "HeldKeys[" + keyId + ", redacted]";
  }
}
