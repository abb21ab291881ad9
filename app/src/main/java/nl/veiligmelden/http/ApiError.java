package nl.veiligmelden.http;

import java.util.Map;

/**
 * The JSON body of every refused API call: a stable code, a sentence in the caller's language,
 * and per field what is wrong (empty when the whole request is refused).
 */
public record ApiError(String error, String message, Map<String, String> fields) {}
