package nl.veiligmelden.crypto;

import java.util.Objects;

/**
 * A report's key (or its contact key) wrapped to one {@link Recipient}, as the server stores it:
 * an inner layer only the recipient opens (HPKE to their public key, or a key derived from the
 * return code), inside an outer layer under the KEK. The outer layer lets a KEK rotation move
 * every wrap to the new key without opening the inner one ({@link ReportVault#rewrapOuter});
 * the KEK alone opens nothing.
 */
public record KeyWrap(Recipient recipient, byte[] sealed) {
  public KeyWrap {
    Objects.requireNonNull(recipient);
    sealed = sealed.clone();
  }

  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  /** The sealed bytes without a copy, for this package's own reading. */
  byte[] sealedBytes() {
    return sealed;
  }
}
