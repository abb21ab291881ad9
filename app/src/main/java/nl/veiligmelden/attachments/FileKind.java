package nl.veiligmelden.attachments;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
/** The kinds of file we take, each decided by its first bytes (never by its name or the browser's word). */
public enum FileKind {
  JPEG("jpeg", "image/jpeg", "jpg"),
  PNG("png", "image/png", "png"),
  PDF("pdf", "application/pdf", "pdf");

  private final String code;
  private final String mediaType;
  private final String extension;

  FileKind(String code, String mediaType, String extension) {
    this.code = code;
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String code() {
    return code;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  public static Optional<FileKind> fromCode(String code) {
    for (FileKind kind : values()) {
      if (kind.code.equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** JPEG: FF D8 FF. PNG: its 8-byte signature. PDF: "%PDF-" within the first 1024 bytes, as readers allow. */
  public static Optional<FileKind> sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return Optional.of(JPEG);
    }
    if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
      return Optional.of(PNG);
    }
    // Readers accept a PDF header a little way into the file; so do we: the cleaner rewrites the
    // file from its parsed objects, so whatever stood before the header is not kept.
    byte[] pdf = {'%', 'P', 'D', 'F', '-'};
    for (int i = 0; i + pdf.length <= Math.min(b.length, 1024); i++) {
      if (startsWith(b, i, pdf)) {
        return Optional.of(PDF);
      }
    }
    return Optional.empty();
  }

  /** An ISO-BMFF file whose brand says HEIF/HEIC/AVIF: a phone photo we cannot clean (no maintained pure-Java reader). */
  public static boolean looksLikeHeif(byte[] b) {
    if (b.length < 12 || !startsWith(b, 4, new byte[] {'f', 't', 'y', 'p'})) {
      return false;
    }
    String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
    return Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis").contains(brand);
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (b.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
