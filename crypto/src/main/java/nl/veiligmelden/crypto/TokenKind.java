package nl.veiligmelden.crypto;

import java.util.Optional;

/**
 * What a blind token stands for. The code goes into the PRF input before the value, so the same
 * text under two kinds ("jansen" as a surname, as a handle) gives unrelated tokens: a link between
 * reports is only ever made between values of the same kind.
 *
 * <p>Only what a person involved in a report is called or reached by: the server keeps no token
 * of a place or a word (docs/DESIGN.md, rule 9). The codes are part of every stored token:
 * renaming one orphans all tokens of that kind. "place" and "term" were kinds once; they are
 * not to be used again.
 */
public enum TokenKind {
  PERSON_NAME("name"),
  SURNAME_INITIAL("surname-initial"),
  PHONETIC("phonetic"),
  EMAIL("email"),
  PHONE("phone"),
  HANDLE("handle");

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
