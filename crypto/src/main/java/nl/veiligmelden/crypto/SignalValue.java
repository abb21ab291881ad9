package nl.veiligmelden.crypto;

import java.util.Objects;

/**
 * A normalised value and what it is, the last thing in the clear before it is blinded. Lives only
 * in memory during intake; never stored, never logged.
 */
public record SignalValue(TokenKind kind, String value) {
  public SignalValue {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a signal value must not be blank");
    }
  }

  /** Only kind and length: the value is what a reporter wrote about someone. */
  @Override
  public String toString() {
    return "SignalValue[" + kind.code() + ", " + value.length() + " chars]";
  }
}
