package nl.veiligmelden.crypto;

import com.google.crypto.tink.prf.Prf;
import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Brings a new key into the blind tokens without reading any value again: a new keyset is staged
 * beside the chain ({@code signals.next.json}), the caller replaces every stored token {@code t}
 * with {@link #rekeyed}{@code (t)} = {@code PRF_new(kind || 0x00 || t)}, and {@link #complete()}
 * adds the staged keyset to the end of the chain, so that new reports' tokens pass through it too.
 * The old keysets stay: a value reaches its stored token only through all of them.
 *
 * <p>What it is for: whoever holds a copy of the old keys and a later dump can no longer test a
 * guessed name against the new tokens. It does not make the old keys useless to someone who also
 * gets the new one.
 *
 * <p>A renewal that stops halfway (a crash) leaves the staged file: the next {@link #begin} reads
 * it back, so the caller can tell done from not done by what it recorded itself, and a server
 * refuses to start meanwhile (see {@link Keyring#signalsRenewalPending()}).
 */
public final class SignalKeyRenewal {
  private final Keyring keyring;
  private final Prf next;

  private SignalKeyRenewal(Keyring keyring, Prf next) {
    this.keyring = keyring;
    this.next = next;
  }

  /** Stages the next keyset of the chain, or picks up the one an interrupted renewal staged. */
  public static SignalKeyRenewal begin(Keyring keyring) throws GeneralSecurityException, IOException {
    return new SignalKeyRenewal(keyring, BlindTokens.primary(keyring.stagedSignals()));
  }

  /** The generation stored tokens are in once they are rekeyed: one more than the chain's now. */
  public int generation() {
    return keyring.signalsGeneration() + 1;
  }

  /** A stored token under the staged keyset as well: what the same value gives after the renewal. */
  public BlindToken rekeyed(BlindToken stored) {
    return BlindTokens.next(next, stored);
  }

  /**
   * Adds the staged keyset to the chain. The keyring this renewal began from still holds the old
   * chain in memory: open a new keyring (restart) to use the new one.
   */
  public void complete() throws IOException {
    keyring.promoteStagedSignals();
  }
}
