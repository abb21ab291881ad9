package nl.veiligmelden.intake;

import java.time.LocalDate;
import nl.veiligmelden.crypto.ReturnCode;

/** What a reporter gets back once: the code, and the dates they may hold us to. */
public record Receipt(ReturnCode returnCode, String reference, LocalDate acknowledgeBy, LocalDate firstReplyBy) {}
