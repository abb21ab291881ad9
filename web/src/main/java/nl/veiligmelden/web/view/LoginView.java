package nl.veiligmelden.web.view;

/** Handler sign-in. {@code error} is "" or the text to show; {@code username} is kept. */
public record LoginView(Layout layout, String username, String error) {}
