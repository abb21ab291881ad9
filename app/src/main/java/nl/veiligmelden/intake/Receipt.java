package nl.veiligmelden.intake;

import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.crypto.ReturnCode;

/**
 * What a reporter gets back: the code, and the dates they may hold us to. {@code repeated} when
 * the form had been sent before; the code is then only there within {@link ReportIntake#CODE_SHOWN_AGAIN}.
 */
public record Receipt(Optional<ReturnCode> returnCode, String reference, LocalDate acknowledgeBy, LocalDate firstReplyBy, boolean repeated) {}
