package nl.veiligmelden.web.view;

/**
 * The institution's own contact details for the routing guide, already in the page's language.
 * Every field is plain text; "" when the institution has none.
 */
public record Contacts(
    String institutionName,
    String confidentialAdvisers,
    String complaintsCommittee,
    String ombudsperson,
    String inspectorate,
    String replyTimeNote) {}
