package nl.veiligmelden.attachments;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import nl.veiligmelden.config.AttachmentLimits;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.refusal.Problem;
/**
 * The reporter's files, from upload to store: check the count, clean each file, and store them
 * sealed with the report. What the pages say of them is {@link AttachmentPresentation}'s.
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

  /** Cleans every file, or refuses them all with the first reason: a report gets all its files or none. */
  public List<CleanFile> clean(List<Upload> uploads, int alreadyStored) throws UploadRefused {
    if (alreadyStored + uploads.size() > limits().maxFiles()) {
      throw new UploadRefused(FileRefusal.TOO_MANY_FILES, "");
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
      throw new UploadRefused(FileRefusal.TOO_MANY_FILES, "");
    }
  }

  public List<AttachmentStore.Stored> list(ReportKey key, String reportId) throws SQLException, GeneralSecurityException {
    return store.list(key, reportId);
  }

  /** Why files were refused, as a message key with what it needs (the file, the limits). */
  public Problem problem(UploadRefused e) {
    return new Problem(e.reason().messageKey(), e.fileName(), limits().maxMegabytes(), limits().maxFiles(),
        Math.max(1, limits().maxPixels() / 1_000_000));
  }
}
