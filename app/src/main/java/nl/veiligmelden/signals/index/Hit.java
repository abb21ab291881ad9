package nl.veiligmelden.signals.index;

/**
 * One report found, with its BM25 score. The score is computed from the reports the caller may
 * open and nothing else, so reports they may not see neither raise nor lower it.
 */
public record Hit(String reportId, float score) {}
