package nl.veiligmelden.config;

import java.util.Map;

/**
 * How much a reporter may attach: bytes per file (as uploaded), files per report (over its whole
 * life: the form and the conversation together), and pixels per image (checked from the image
 * header before anything is decoded, against decompression bombs).
 */
public record AttachmentLimits(long maxBytes, int maxFiles, long maxPixels) {
  public static final AttachmentLimits DEFAULT = new AttachmentLimits(10L * 1024 * 1024, 5, 40_000_000L);
  /** Room for the form's text fields and the multipart framing beside the files. */
  public static final long FORM_OVERHEAD_BYTES = 1024 * 1024;

  public AttachmentLimits {
    if (maxBytes < 1 || maxFiles < 0 || maxPixels < 1) {
      throw new IllegalArgumentException("attachment limits must be positive");
    }
    if (maxBytes > 100L * 1024 * 1024 || maxFiles > 50) {
      // Uploads are held in memory (never in a plaintext temp file): keep one request bounded.
      throw new IllegalArgumentException("attachment limits above 100 MB per file or 50 files are not supported");
    }
  }

  /** VM_ATTACHMENT_MAX_BYTES, VM_ATTACHMENT_MAX_FILES (0 turns attachments off), VM_ATTACHMENT_MAX_PIXELS. */
  public static AttachmentLimits fromEnvironment(Map<String, String> env) {
    return new AttachmentLimits(
        Long.parseLong(env.getOrDefault("VM_ATTACHMENT_MAX_BYTES", Long.toString(DEFAULT.maxBytes())).strip()),
        Integer.parseInt(env.getOrDefault("VM_ATTACHMENT_MAX_FILES", Integer.toString(DEFAULT.maxFiles())).strip()),
        Long.parseLong(env.getOrDefault("VM_ATTACHMENT_MAX_PIXELS", Long.toString(DEFAULT.maxPixels())).strip()));
  }

  /** The largest upload request: every file at its limit plus the form around them. */
  public long maxRequestBytes() {
    return maxFiles * maxBytes + FORM_OVERHEAD_BYTES;
  }

  /** The per-file limit in whole megabytes, for the reporter. */
  public long maxMegabytes() {
    return Math.max(1, maxBytes / (1024 * 1024));
  }
}
