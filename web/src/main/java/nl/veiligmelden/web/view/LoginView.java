package nl.veiligmelden.web.view;

/**
 * Handler sign-in. {@code error} is "" or the text to show; {@code username} is kept; {@code notice}
 * is "" or what she should know first (her password was changed: sign in with the new one).
 */
public record LoginView(Layout layout, String username, String error, String notice) {}
