package nl.veiligmelden.web.view;

/**
 * The page behind an enrolment link: the new colleague chooses a password (twice). {@code token}
 * is the link's own secret, for the form to post back to the same address; {@code error} is ""
 * or the text to show. {@code suggestion}: a generated passphrase of 100 bits ("" for an account
 * that holds no keys), for who would rather not choose one.
 */
public record EnrolmentView(Layout layout, String username, String token, int minPassword, String error, String suggestion) {}
