package nl.veiligmelden.intake;

import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.CleanFile;
import nl.veiligmelden.attachments.Upload;
import nl.veiligmelden.attachments.UploadRefused;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.ReportFormValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filing a report, from the form, the API, a signed-in reporter's thread or a first-line staff
 * member: checked first ({@link #check}), then filed with its cleaned files ({@link #file}). Two
 * steps, so that a source's rate limit is counted between them: after a typo, before the costly
 * cleaning of files.
 */
public final class Filing {
  private static final Logger log = LoggerFactory.getLogger(Filing.class);

  /** Who files it: the reporter directly, the reporter adding to their own thread, or a first-line staff member for a student. */
  public sealed interface Origin {
    /** A new reporter (or one who keeps their reports apart). */
    record Direct() implements Origin {}

    /** The reporter of an earlier report, filing from their conversation: the two are one voice. */
    record SameReporterAs(String reportId) implements Origin {}

    /** A teacher or mentor passes it on for a student who agreed, in the student's words. */
    record FirstLine(HandlerSession staff, boolean studentConsented) implements Origin {}
  }

  public static final Origin DIRECT = new Origin.Direct();

  private final ReportValidator validator;
  private final ReportIntake intake;
  private final Attachments attachments;
  private final OfferSource offer;
  private volatile Optional<Offer> lastOffer = Optional.empty();
  private final AuditLog audit;

  /** Where the current offer comes from (the catalogue in the database). */
  @FunctionalInterface
  public interface OfferSource {
    Offer get() throws SQLException, GeneralSecurityException;
  }

  public Filing(ReportValidator validator, ReportIntake intake, Attachments attachments, OfferSource offer, AuditLog audit) {
    this.validator = validator;
    this.intake = intake;
    this.attachments = attachments;
    this.offer = offer;
    this.audit = audit;
  }

  /**
   * What the form offers now; while the database cannot say, what it offered last, so that a
   * refused report comes back in its form with everything typed (docs/DESIGN.md, "Healing").
   */
  public Offer offer() throws SQLException, GeneralSecurityException {
    try {
      Offer fresh = offer.get();
      lastOffer = Optional.of(fresh);
      return fresh;
    } catch (SQLException e) {
      if (lastOffer.isPresent()) {
        return lastOffer.get();
      }
      throw e;
    }
  }

  /** What was typed, checked against the current offer: the report to file, or per field what is wrong. */
  public ReportDraft check(ReportFormValues values, String language) throws SQLException, GeneralSecurityException {
    Offer current;
    try {
      current = offer();
    } catch (SQLException e) {
      log.error("Reading the form's offer failed: {}", e.getClass().getSimpleName());
      throw Refusal.unavailable("error.storage");
    }
    ReportValidator.Result result = validator.validate(values, Messages.supports(language) ? language : Messages.DUTCH, current);
    var problems = new LinkedHashMap<>(result.problems());
    if (!Messages.supports(language)) {
      problems.put("language", new Problem("error.invalidChoice"));
    }
    if (!problems.isEmpty() || result.draft().isEmpty()) {
      throw Refusal.invalidFields(problems);
    }
    return result.draft().get();
  }

  /**
   * Files a checked report with its files (cleaned before anything is stored: a file we do not
   * take stops the whole report). {@code token}: the form's own token, which makes a double tap
   * one report and gives it its code; without one (the API) a fresh code.
   */
  public Receipt file(ReportDraft draft, Optional<SubmissionToken> token, Origin origin, List<Upload> uploads)
      throws SQLException, GeneralSecurityException {
    if (origin instanceof Origin.FirstLine firstLine && !firstLine.studentConsented()) {
      throw Refusal.invalidField("studentConsented", "error.consentRequired");
    }
    List<CleanFile> files;
    try {
      files = attachments.clean(uploads, 0);
    } catch (UploadRefused e) {
      throw Refusal.invalidFields(Map.of(Attachments.FIELD, attachments.problem(e)));
    }
    if (origin instanceof Origin.FirstLine firstLine) {
      // That a signal was passed on, by whom; never which report it became.
      var staff = firstLine.staff().account();
      audit.record(Optional.of(new Actor(staff.id(), staff.username())), AuditAction.SIGNAL_PASSED_ON, Optional.empty(), Optional.empty());
    }
    try {
      Optional<String> source = origin instanceof Origin.SameReporterAs same ? intake.sourceOf(same.reportId()) : Optional.empty();
      return intake.submit(draft, token, origin instanceof Origin.FirstLine, source, attachments.withNewReport(files));
    } catch (SQLException | UncheckedIOException e) {
      log.error("Storing a report failed: {}", e.getClass().getSimpleName());
      throw Refusal.unavailable("error.storage");
    }
  }

  /** The receipt of the report an earlier request with this key filed, with its code: what a retry is answered. */
  public Optional<Receipt> earlier(IdempotencyKey key) throws SQLException, GeneralSecurityException {
    for (SubmissionToken token : key.earlier()) {
      Optional<Receipt> receipt = intake.receiptOf(token);
      if (receipt.isPresent()) {
        return receipt;
      }
    }
    return Optional.empty();
  }

  /** The receipt of the report a form token filed (see {@link ReportIntake#receiptOf}); empty when it filed none. */
  public Optional<Receipt> receiptOf(SubmissionToken token) throws SQLException, GeneralSecurityException {
    return intake.receiptOf(token);
  }

  /** The code of a receipt, grouped to be read aloud; "" when it is not shown again. */
  public static String grouped(Receipt receipt) {
    return receipt.returnCode().map(ReturnCode::grouped).orElse("");
  }
}
