package nl.veiligmelden.web.view;

public record StartView(Layout layout, Contacts contacts, int firstReplyWorkingDays) {}
