package nl.veiligmelden.dialogue;

import java.time.LocalDate;

/** One decrypted message: who wrote it (reporter or handler) and on which day. */
public record Message(int n, Author author, LocalDate writtenOn, String body) {
  public enum Author {
    REPORTER("reporter"),
    HANDLER("handler");

    private final String code;

    Author(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Author fromCode(String code) {
      return "handler".equals(code) ? HANDLER : REPORTER;
    }
  }
}
