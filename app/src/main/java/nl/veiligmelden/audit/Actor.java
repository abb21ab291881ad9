package nl.veiligmelden.audit;

/** Who did something: an account id and its username, as the audit log names them. */
public record Actor(long id, String username) {}
