package nl.veiligmelden.web.view;

/**
 * The answer to a successful enrolment, shown once: the second factor to add to an authenticator
 * app, as a link a phone opens in the app and as a key to type; and, for an account that holds
 * keys, its key's fingerprint, to read out to the colleague who will sign it ("" otherwise).
 */
public record EnrolledView(Layout layout, String username, String otpauthUri, String typedKey, String fingerprint) {}
