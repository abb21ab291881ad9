package nl.veiligmelden.signals.index;

import java.util.Locale;

/**
 * The languages reports are analysed in. Each has its own field in a {@link CaseloadIndex}: a
 * Dutch stem and an English stem of different words can be spelled alike, and mixing them would
 * skew the term statistics.
 *
 * <p>A report in a language served without an analysis of its own (a bundle added later) gets
 * {@link #OTHER}: words lower-cased and folded, no stop words, no stems. Its term list says "und"
 * (undetermined), not the report's language, so that a later analysis of that language does not
 * meet term lists made without it.
 */
enum IndexLanguage {
  DUTCH("nl"),
  ENGLISH("en"),
  GERMAN("de"),
  ARABIC("ar"),
  OTHER("und");

  final String code;
  final String field;

  IndexLanguage(String code) {
    this.code = code;
    this.field = "text_" + code;
  }

  /** The analysis of a report's language: its own, or {@link #OTHER} for any other ISO 639-1 code. */
  static IndexLanguage of(String code) {
    String wanted = code.strip().toLowerCase(Locale.ROOT);
    for (IndexLanguage language : values()) {
      if (language.code.equals(wanted)) {
        return language;
      }
    }
    if (wanted.length() == 2 && wanted.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      return OTHER;
    }
    // The value is not echoed: it comes from a report and the message may end up in a log.
    throw new IllegalArgumentException("not a language code (expected two letters, e.g. nl)");
  }
}
