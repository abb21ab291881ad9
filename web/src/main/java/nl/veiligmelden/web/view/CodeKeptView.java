package nl.veiligmelden.web.view;

import java.util.List;

/**
 * After the receipt: the reporter typed the last four characters of the code back ({@code
 * skipped} false), or chose to skip that check. {@code submissionToken} lets them see the code
 * again while the form is fresh ({@code canShowAgain}).
 */
public record CodeKeptView(Layout layout, boolean skipped, List<DateLine> dates, String submissionToken, boolean canShowAgain,
    boolean replyNotice) {}
