package nl.veiligmelden.intake;

import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.crypto.ReturnCode;

/**
 * What a reporter gets back: the code, and the dates they may hold us to. {@code repeated} when
 * the form had been sent before; the code is then only there within {@link ReportIntake#CODE_SHOWN_AGAIN}.
 * {@code replyNotice}: the reporter left an address for a notice when a reply is there.
 */
public record Receipt(Optional<ReturnCode> returnCode, String reference, LocalDate acknowledgeBy, LocalDate firstReplyBy,
    LocalDate feedbackBy, boolean repeated, boolean replyNotice) {}
