package nl.veiligmelden.crypto;

import java.util.Optional;

/**
 * What a blind token stands for. The code goes into the PRF input before the value, so the same
 * text under two kinds ("jansen" as a surname, as a handle, as a word) gives unrelated tokens: a
 * link between reports is only ever made between values of the same kind.
 *
 * <p>The codes are part of every stored token: renaming one orphans all tokens of that kind.
 */
public enum TokenKind {
  PERSON_NAME("name"),
  SURNAME_INITIAL("surname-initial"),
  PHONETIC("phonetic"),
  EMAIL("email"),
  PHONE("phone"),
  HANDLE("handle"),
  PLACE("place"),
  TERM("term");

  private final String code;

  TokenKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<TokenKind> fromCode(String code) {
    for (TokenKind kind : values()) {
      if (kind.code.equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
