package nl.veiligmelden.signals.index;

import java.util.Locale;

/**
 * The languages reports are analysed in. Each has its own field in a {@link CaseloadIndex}: a
 * Dutch stem and an English stem of different words can be spelled alike, and mixing them would
 * skew the term statistics.
 */
enum IndexLanguage {
  DUTCH("nl"),
  ENGLISH("en");

  final String code;
  final String field;

  IndexLanguage(String code) {
    this.code = code;
    this.field = "text_" + code;
  }

  static IndexLanguage of(String code) {
    String wanted = code.strip().toLowerCase(Locale.ROOT);
    for (IndexLanguage language : values()) {
      if (language.code.equals(wanted)) {
        return language;
      }
    }
    // The value is not echoed: it comes from a report and the message may end up in a log.
    throw new IllegalArgumentException("unsupported report language (expected nl or en)");
  }
}
