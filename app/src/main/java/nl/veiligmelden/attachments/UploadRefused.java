package nl.veiligmelden.attachments;

/** Files we did not take: why, and which (by the name the reporter gave it, for their eyes only). */
public final class UploadRefused extends Exception {
  private final FileRefusal reason;
  private final String fileName;

  public UploadRefused(FileRefusal reason, String fileName) {
    super(reason.code(), null, false, false);
    this.reason = reason;
    this.fileName = fileName;
  }

  public FileRefusal reason() {
    return reason;
  }

  public String fileName() {
    return fileName;
  }
}
