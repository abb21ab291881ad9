package nl.veiligmelden.attachments;

import java.util.Optional;
import nl.veiligmelden.config.AttachmentLimits;

/**
 * Decides what a file is from its own first bytes and removes its metadata before anything is
 * stored. Either a {@link CleanFile} of a kind we take, or an {@link AttachmentRefused} that says
 * why: no other exception leaves here, whatever the bytes. Decoding holds a whole picture in
 * memory and a core for seconds, so it runs on the bounded {@link CleaningPool}.
 */
public final class AttachmentCleaner {
  private final AttachmentLimits limits;
  private final ImageCleaner images;
  private final PdfCleaner pdfs = new PdfCleaner();
  private final CleaningPool pool;

  public AttachmentCleaner(AttachmentLimits limits, CleaningPool pool) {
    this.limits = limits;
    this.images = new ImageCleaner(limits.maxPixels());
    this.pool = pool;
  }

  public AttachmentLimits limits() {
    return limits;
  }

  public CleanFile clean(byte[] upload) throws AttachmentRefused {
    if (upload.length == 0) {
      throw new AttachmentRefused(FileRefusal.EMPTY);
    }
    if (upload.length > limits.maxBytes()) {
      throw new AttachmentRefused(FileRefusal.TOO_LARGE);
    }
    Optional<FileKind> kind = FileKind.sniff(upload);
    if (kind.isEmpty()) {
      throw new AttachmentRefused(FileKind.looksLikeHeif(upload) ? FileRefusal.HEIF : FileRefusal.UNKNOWN_TYPE);
    }
    try {
      CleanFile clean = pool.run(() -> kind.get() == FileKind.PDF ? pdfs.clean(upload) : images.clean(upload, kind.get()));
      if (FileKind.sniff(clean.bytes()).orElse(null) != clean.kind()) {
        throw new AttachmentRefused(FileRefusal.DAMAGED);
      }
      return clean;
    } catch (AttachmentRefused e) {
      throw e;
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      // Decoders answer hostile input with anything from IOException to IndexOutOfBounds; deep
      // nesting can overflow the stack, and a picture can need more memory than there is.
      throw new AttachmentRefused(FileRefusal.DAMAGED);
    }
  }
}
