package nl.veiligmelden.refusal;

/** Why one field was refused: a message key of the bundles and its arguments. */
public record Problem(String key, Object... args) {}
