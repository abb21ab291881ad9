package nl.veiligmelden.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Replaces the {@code signals} keyset, which cannot be rotated in place: every stored blind token
 * and index term is a PRF output under it. A new keyset is staged beside the current one
 * ({@code signals.next.json}); the caller recomputes every token and term under {@link #tokens()}
 * and then calls {@link #complete()}, which renames the staged file over the current one.
 *
 * <p>A renewal that stops halfway (a crash) leaves the staged file: the next {@link #begin} reads
 * it back, so recomputing again gives the same tokens, and a server refuses to start meanwhile
 * (see {@link Keyring#signalsRenewalPending()}), because its tokens would be half old, half new.
 */
public final class SignalKeyRenewal {
  private final Keyring keyring;
  private final BlindTokens tokens;

  private SignalKeyRenewal(Keyring keyring, BlindTokens tokens) {
    this.keyring = keyring;
    this.tokens = tokens;
  }

  /** Stages a new signals keyset, or picks up the one an interrupted renewal staged. */
  public static SignalKeyRenewal begin(Keyring keyring) throws GeneralSecurityException, IOException {
    return new SignalKeyRenewal(keyring, new BlindTokens(keyring.stagedSignals()));
  }

  /** Blind tokens under the staged keyset. */
  public BlindTokens tokens() {
    return tokens;
  }

  /**
   * Makes the staged keyset the installation's signals keyset. The keyring this renewal began
   * from still holds the old one in memory: open a new keyring (restart) to use the new one.
   */
  public void complete() throws IOException {
    keyring.promoteStagedSignals();
  }
}
