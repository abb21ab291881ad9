package nl.veiligmelden.signals;

import java.util.Arrays;
import java.util.Optional;
import nl.veiligmelden.crypto.TokenKind;

/**
 * How sure a link between two reports is. A shared full name, or e-mail address, phone number or
 * handle written in a name field of the people involved, is strong; surname and first initial in the same unit is medium (in another unit it is
 * likely someone else); a phonetic key alone is weak, and weak links never form a cluster or
 * release an escrowed report.
 */
public enum LinkStrength {
  WEAK(1, "weak"),
  MEDIUM(2, "medium"),
  STRONG(3, "strong");

  private final int level;
  private final String code;

  LinkStrength(int level, String code) {
    this.level = level;
    this.code = code;
  }

  public int level() {
    return level;
  }

  public String code() {
    return code;
  }

  public boolean atLeast(LinkStrength other) {
    return level >= other.level;
  }

  public static Optional<LinkStrength> ofLevel(int level) {
    return Arrays.stream(values()).filter(s -> s.level == level).findFirst();
  }

  /** The strength a shared token of this kind gives. */
  public static LinkStrength of(TokenKind kind, boolean sameUnit) {
    return switch (kind) {
      case PERSON_NAME, EMAIL, PHONE, HANDLE -> STRONG;
      case SURNAME_INITIAL -> sameUnit ? MEDIUM : WEAK;
      case PHONETIC -> WEAK;
    };
  }
}
