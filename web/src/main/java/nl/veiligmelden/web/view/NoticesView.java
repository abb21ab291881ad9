package nl.veiligmelden.web.view;

/**
 * A handler's choice of e-mail notices: {@code email} whether she wants them, {@code
 * addressOnFile} whether there is an address to send them to, {@code saved} just changed.
 */
public record NoticesView(Layout layout, String handlerName, boolean email, boolean addressOnFile, boolean saved) {}
