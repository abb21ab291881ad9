package nl.veiligmelden.attachments;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.dialogue.ReporterSession;
import nl.veiligmelden.dialogue.ReporterSessions;
import nl.veiligmelden.http.ApiError;
import nl.veiligmelden.http.Bearer;
import nl.veiligmelden.http.BodyLimits;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.RequestText;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.web.Messages;
/**
 * The size of multipart bodies (uploads may be large, everything else stays at the global limit),
 * files over the reporter API, and the handler's download of a cleaned file. The report form and
 * the conversation page take files through their own routes (intake, dialogue).
 */
public final class AttachmentRoutes implements Feature {
  /** Where Jetty looks for the multipart limits of a request (it sets its own only when none is there). */
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
  /** The routes that take files; their body limit is raised to every file at its limit plus 1 MiB of form. */
  public static final String UPLOAD_PATHS = "/[a-z]{2}/report|/[a-z]{2}/conversation/attachments|/api/v1/reporter/attachments";
  private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,2}");

  private final Attachments attachments;
  private final ReporterSessions reporterSessions;
  private final ReportReader reader;
  private final Assignments assignments;
  private final HandlerAuth auth;
  private final AuditLog audit;
  private final Path spillDirectory;
  private final ToLongFunction<String> bodyLimit;
  private final RateLimits limits;

  /**
   * {@code spillDirectory}: on the data disk; Jetty would write parts above the in-memory threshold
   * there, and none are. {@code bodyLimit}: the body limit of a path (the server's {@code BodyLimits}).
   */
  public AttachmentRoutes(Attachments attachments, ReporterSessions reporterSessions, ReportReader reader, Assignments assignments,
      HandlerAuth auth, AuditLog audit, Path spillDirectory, ToLongFunction<String> bodyLimit,
      RateLimits limits) {
    this.bodyLimit = bodyLimit;
    this.limits = limits;
    this.attachments = attachments;
    this.reporterSessions = reporterSessions;
    this.reader = reader;
    this.assignments = assignments;
    this.auth = auth;
    this.audit = audit;
    this.spillDirectory = spillDirectory;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.before(this::limitMultipart);
    routes.post("/api/v1/reporter/attachments", this::apiUpload);
    routes.get("/api/v1/reporter/attachments", this::apiOwnList);
    routes.get("/{lang}/handler/reports/{reference}/attachments/{n}", this::download);
    routes.get("/api/v1/handler/reports/{reference}/attachments", this::apiList);
    routes.get("/api/v1/handler/reports/{reference}/attachments/{n}", this::apiDownload);
  }

  /**
   * Javalin's default multipart settings would write every part of more than one byte to a temp
   * file: plaintext of a reporter's photo on disk. Every multipart request gets settings here
   * instead: parts held in memory (the threshold is above the largest part allowed), no part and
   * no body above the path's body limit (the upload routes are raised to every file at its limit
   * plus 1 MiB; everything else keeps {@link BodyLimits#STANDARD}). The body is parsed
   * here, so one cut off at the limit is answered with 413 before any route runs.
   */
  private void limitMultipart(Context ctx) {
    if (!ctx.isMultipart()) {
      return;
    }
    long max = bodyLimit.applyAsLong(ctx.path());
    int inMemory = (int) Math.min(Integer.MAX_VALUE, max + 1);
    ctx.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(spillDirectory.toString(), max, max, inMemory));
    Collection<Part> parts;
    try {
      parts = ctx.req().getParts();
    } catch (Exception e) {
      // Past the limit while streaming (no length given, or more than declared), or not multipart after all.
      boolean tooLarge = tooLarge(e);
      throw new ClientError(tooLarge ? 413 : 400, tooLarge ? "error.tooLarge" : "error.badRequest");
    }
    RequestText.checkMultipartText(parts, Attachments.FIELD);
  }

  private static boolean tooLarge(Throwable e) {
    if (BodyLimits.cutOff(e)) {
      return true;
    }
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      // The multipart parser says it only in words: "max length exceeded", "Form is larger than
      // max length" (text parts together past its form limit), or passes on our BodyLimits' "body
      // over limit" as a message without its cause.
      if (message.contains("exceed") || message.contains("larger than") || message.contains("over limit")) {
        return true;
      }
    }
    return false;
  }

  // --- the reporter, over the API ----------------------------------------------------------------

  public record StoredResponse(int n, String kind, long size, String addedOn) {}

  public record UploadResponse(List<StoredResponse> attachments, String notice) {}

  private ReporterSession reporter(Context ctx) {
    return reporterSessions.open(Bearer.token(ctx)).orElseThrow(() -> new ClientError(401, "error.sessionExpired"));
  }

  private void apiUpload(Context ctx) throws Exception {
    ReporterSession session = reporter(ctx);
    if (!ctx.isMultipartFormData()) {
      throw new ClientError(415, "error.badRequest");
    }
    OpenedReport report = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    Messages t = Messages.of(report.language());
    List<Upload> uploads = attachments.uploads(ctx);
    // Counted as a reporter's message: cleaning is the costly part of an upload.
    limits.require(ctx, RateLimits.Limit.MESSAGE);
    if (uploads.isEmpty()) {
      String text = t.get("attachment.error.none");
      ctx.status(422).json(new ApiError("invalid", text, Map.of(Attachments.FIELD, text)));
      return;
    }
    List<AttachmentStore.Stored> stored;
    try {
      int already = attachments.list(report.key(), report.id()).size();
      stored = attachments.addTo(report.key(), report.id(), attachments.clean(uploads, already));
    } catch (UploadRefused e) {
      String text = attachments.explain(e, t);
      ctx.status(422).json(new ApiError("invalid", text, Map.of(Attachments.FIELD, text)));
      return;
    }
    ctx.status(201).json(new UploadResponse(stored.stream().map(AttachmentRoutes::response).toList(), t.get("attachment.cleaned")));
  }

  private void apiOwnList(Context ctx) throws Exception {
    ReporterSession session = reporter(ctx);
    OpenedReport report = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    ctx.json(Map.of("attachments", attachments.list(report.key(), report.id()).stream().map(AttachmentRoutes::response).toList()));
  }

  private static StoredResponse response(AttachmentStore.Stored s) {
    return new StoredResponse(s.n(), s.kind().code(), s.size(), s.addedOn().toString());
  }

  // --- the handler: list and download ----------------------------------------------------------

  /** The report, for the handler it is assigned to only (403 for anyone else, before it is read). */
  private OpenedReport openFor(HandlerSession session, String reference) throws Exception {
    assignments.requireOpen(session.account(), reference);
    return reader.byReference(reference).orElseThrow(() -> new ClientError(404, "error.notFound"));
  }

  private void download(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isPresent()) {
      send(ctx, session.get());
    }
  }

  private void apiDownload(Context ctx) throws Exception {
    send(ctx, auth.fromBearer(ctx));
  }

  private void apiList(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    OpenedReport report = openFor(session, ctx.pathParam("reference"));
    ctx.json(Map.of("attachments", attachments.list(report.key(), report.id()).stream().map(AttachmentRoutes::response).toList()));
  }

  /**
   * The cleaned file as a download: never shown inline, never sniffed, never cached (the policy
   * of every response, default-src 'none', holds here too); audited first.
   */
  private void send(Context ctx, HandlerSession session) throws Exception {
    int n = number(ctx.pathParam("n"));
    OpenedReport report = openFor(session, ctx.pathParam("reference"));
    var file = attachments.store().open(report.key(), report.id(), n).orElseThrow(() -> new ClientError(404, "error.notFound"));
    audit.record(Optional.of(new Actor(session.account().id(), session.account().username())), AuditAction.ATTACHMENT_DOWNLOADED,
        Optional.of(report.reference()), Optional.of(Integer.toString(n)));
    ctx.header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(file.kind().mediaType());
    ctx.result(file.bytes());
  }

  /** The file's place in its report, parsed: anything but 1 to 999 (a path, dots, slashes) is not found. */
  static int number(String n) {
    if (n == null || !NUMBER.matcher(n).matches()) {
      throw new ClientError(404, "error.notFound");
    }
    return Integer.parseInt(n);
  }
}
