package nl.veiligmelden.attachments;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import nl.veiligmelden.config.AttachmentLimits;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.http.Formats;
import nl.veiligmelden.intake.Attached;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.AttachmentsView;
import nl.veiligmelden.web.view.Option;
/**
 * The reporter's files, from the request to the store: read the multipart parts, check the
 * count, clean each file, and store them sealed with the report; and what the pages show of them.
 */
public final class Attachments {
  /** The form field of the files, on the report form, the conversation page and the API. */
  public static final String FIELD = "file";

  private final AttachmentCleaner cleaner;
  private final AttachmentStore store;

  public Attachments(AttachmentCleaner cleaner, AttachmentStore store) {
    this.cleaner = cleaner;
    this.store = store;
  }

  public AttachmentLimits limits() {
    return cleaner.limits();
  }

  public AttachmentStore store() {
    return store;
  }

  /** The files of a multipart request, in order; a file input left empty sends a nameless empty part, which is no file. */
  public List<Upload> uploads(Context ctx) throws IOException {
    if (!ctx.isMultipartFormData()) {
      return List.of();
    }
    var out = new ArrayList<Upload>();
    for (UploadedFile file : ctx.uploadedFiles(FIELD)) {
      String name = displayName(file.filename());
      if (name.isEmpty() && file.size() == 0) {
        continue;
      }
      try (InputStream in = file.content()) {
        out.add(new Upload(name, in.readAllBytes()));
      }
    }
    return out;
  }

  /** Cleans every file, or refuses them all with the first reason: a report gets all its files or none. */
  public List<CleanFile> clean(List<Upload> uploads, int alreadyStored) throws UploadRefused {
    if (alreadyStored + uploads.size() > limits().maxFiles()) {
      throw new UploadRefused(Refusal.TOO_MANY_FILES, "");
    }
    var clean = new ArrayList<CleanFile>();
    for (Upload upload : uploads) {
      try {
        clean.add(cleaner.clean(upload.bytes()));
      } catch (AttachmentRefused e) {
        throw new UploadRefused(e.reason(), upload.name());
      }
    }
    return clean;
  }

  /** Cleaned files for a report being stored now, in its transaction. */
  public Attached withNewReport(List<CleanFile> files) {
    if (files.isEmpty()) {
      return Attached.NONE;
    }
    var written = new ArrayList<Path>();
    return new Attached() {
      @Override
      public void store(Connection c, String reportId, ReportKey key) throws SQLException, GeneralSecurityException {
        store.add(c, key, reportId, files, written);
      }

      @Override
      public void rolledBack(String reportId) {
        AttachmentStore.forget(written);
      }
    };
  }

  /** Adds cleaned files to an existing report; refused when the report would hold more than allowed. */
  public List<AttachmentStore.Stored> addTo(ReportKey key, String reportId, List<CleanFile> files)
      throws UploadRefused, SQLException, GeneralSecurityException {
    try {
      return store.add(key, reportId, files);
    } catch (AttachmentStore.TooMany e) {
      throw new UploadRefused(Refusal.TOO_MANY_FILES, "");
    }
  }

  public List<AttachmentStore.Stored> list(ReportKey key, String reportId) throws SQLException, GeneralSecurityException {
    return store.list(key, reportId);
  }

  /** Why files were refused, in the reporter's language. */
  public String explain(UploadRefused e, Messages t) {
    return t.format(e.reason().messageKey(), e.fileName(), limits().maxMegabytes(), limits().maxFiles(),
        Math.max(1, limits().maxPixels() / 1_000_000));
  }

  /**
   * The files of a report for a page. {@code hrefOf}: the download link of file n, or null where
   * the viewer does not download (the reporter).
   */
  public AttachmentsView view(Messages t, List<AttachmentStore.Stored> files, IntFunction<String> hrefOf, String error,
      String notice) {
    List<Option> rows = files.stream().map(f -> new Option(hrefOf == null ? "" : hrefOf.apply(f.n()),
        t.format("attachment.row", f.n(), t.get("attachment.kind." + f.kind().code()), f.size() / (1024.0 * 1024.0)),
        Formats.date(f.addedOn(), t))).toList();
    int room = Math.max(0, limits().maxFiles() - files.size());
    return new AttachmentsView(rows, room, limits().maxMegabytes(), limits().maxFiles(), error, notice);
  }

  /** The last part of the name the browser sent, without control characters, at most 80 characters. */
  static String displayName(String sent) {
    if (sent == null) {
      return "";
    }
    String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
    name = name.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    return name.length() > 80 ? name.substring(0, 80) + "…" : name;
  }
}
