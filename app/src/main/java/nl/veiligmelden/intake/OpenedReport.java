package nl.veiligmelden.intake;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.crypto.ReportKey;

/**
 * A report with its data key unwrapped and its sealed fields opened. Only ever held in memory.
 * {@code escrow}: waiting for a second, independent report about the same person. {@code
 * sourceId}: shared by the reports one reporter filed with their code. {@code sealedContact}: the
 * reporter left contact details, under a key of their own ({@link ReportReader#withContact});
 * {@code secret(CONTACT)} is "" until they are opened with it. {@code assignedTo}: the account
 * that holds the case (nobody while it is in the queue).
 */
public record OpenedReport(
    String id,
    String reference,
    Category category,
    Optional<String> unit,
    Anonymity anonymity,
    Optional<Wish> wish,
    String language,
    Status status,
    LocalDate submittedOn,
    LocalDate acknowledgeBy,
    LocalDate firstReplyBy,
    Map<SecretField, String> secrets,
    List<ReportDraft.Involved> involved,
    ReportKey key,
    boolean escrow,
    String sourceId,
    boolean sealedContact,
    Optional<Long> assignedTo) {

  public String secret(SecretField field) {
    return secrets.getOrDefault(field, "");
  }
}
