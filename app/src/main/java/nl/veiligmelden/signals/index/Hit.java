package nl.veiligmelden.signals.index;

/**
 * One report found, with its BM25 score. The index holds the caller's own reports and nothing
 * else, so reports she may not open neither raise nor lower a score.
 */
public record Hit(String reportId, float score) {}
