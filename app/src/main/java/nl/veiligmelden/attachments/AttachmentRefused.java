package nl.veiligmelden.attachments;

/**
 * A file we do not take, and why. The only exception the cleaner throws: anything a broken or
 * hostile file makes a decoder throw becomes {@link FileRefusal#DAMAGED}. Carries no file content.
 */
public final class AttachmentRefused extends Exception {
  private final FileRefusal reason;

  public AttachmentRefused(FileRefusal reason) {
    super(reason.code(), null, false, false);
    this.reason = reason;
  }

  public FileRefusal reason() {
    return reason;
  }
}
