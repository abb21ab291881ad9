package nl.veiligmelden.signals.index;

/**
 * One report found, with its BM25 score. The score is computed over the whole index, so show the
 * order to people, not the number: its size depends a little on reports they may not see.
 */
public record Hit(String reportId, float score) {}
