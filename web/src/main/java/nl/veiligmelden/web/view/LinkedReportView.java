package nl.veiligmelden.web.view;

/**
 * One report of a reporter's thread (the reports they filed with the same code) on a case page:
 * no content. {@code href}: its case page when the viewer holds it, else ""; {@code holder}: who
 * has it, in words; {@code current}: the report this page shows.
 */
public record LinkedReportView(String reference, String submittedOn, String categoryLabel, String statusLabel, String href,
    String holder, boolean current) {}
