package nl.veiligmelden.attachments;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Reads the marker segments before a JPEG's image data, bounds-checked: the EXIF orientation, and
 * a copy without the metadata segments (for JPEG images inside a PDF, which are kept as they are).
 */
final class JpegSegments {
  private JpegSegments() {}

  /** The EXIF orientation (1 to 8) of a JPEG, or 1 when it has none or it cannot be read. */
  static int orientation(byte[] jpeg) {
    int at = 2;
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xFF) {
        return 1;
      }
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1;
      }
      int length = u16(jpeg, at + 2, true);
      if (length < 2 || at + 2 + length > jpeg.length) {
        return 1;
      }
      if (marker == 0xE1 && length >= 8 && startsWithExif(jpeg, at + 4)) {
        int value = tiffOrientation(jpeg, at + 10, at + 2 + length);
        if (value >= 1 && value <= 8) {
          return value;
        }
      }
      at += 2 + length;
    }
    return 1;
  }

  private static boolean startsWithExif(byte[] b, int at) {
    return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
  }

  /** Tag 0x0112 of IFD0 of the TIFF structure in [start, end). */
  private static int tiffOrientation(byte[] b, int start, int end) {
    if (start + 8 > end) {
      return 1;
    }
    boolean bigEndian;
    if (b[start] == 'M' && b[start + 1] == 'M') {
      bigEndian = true;
    } else if (b[start] == 'I' && b[start + 1] == 'I') {
      bigEndian = false;
    } else {
      return 1;
    }
    long ifd = u32(b, start + 4, bigEndian);
    if (ifd < 8 || start + ifd + 2 > end) {
      return 1;
    }
    int at = (int) (start + ifd);
    int entries = u16(b, at, bigEndian);
    at += 2;
    for (int i = 0; i < entries && at + 12 <= end; i++, at += 12) {
      if (u16(b, at, bigEndian) == 0x0112 && u16(b, at + 2, bigEndian) == 3) {
        return u16(b, at + 8, bigEndian);
      }
    }
    return 1;
  }

  /**
   * The same JPEG without APP1 to APP15 (EXIF, XMP, IPTC, maker notes, thumbnails) and comments;
   * APP0 (JFIF), an ICC profile in APP2 and APP14 (Adobe colour transform) stay, as they change
   * how the picture looks. Empty when the structure cannot be followed.
   */
  static Optional<byte[]> withoutMetadata(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      return Optional.empty();
    }
    var out = new ByteArrayOutputStream(jpeg.length);
    out.write(0xFF);
    out.write(0xD8);
    int at = 2;
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xFF) {
        return Optional.empty();
      }
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == 0xDA) {
        out.write(jpeg, at, jpeg.length - at);
        return Optional.of(out.toByteArray());
      }
      int length = u16(jpeg, at + 2, true);
      if (length < 2 || at + 2 + length > jpeg.length) {
        return Optional.empty();
      }
      boolean keep = !(marker >= 0xE1 && marker <= 0xEF || marker == 0xFE)
          || marker == 0xEE || marker == 0xE2 && isIccProfile(jpeg, at + 4, length - 2);
      if (keep) {
        out.write(jpeg, at, 2 + length);
      }
      at += 2 + length;
    }
    return Optional.empty();
  }

  private static boolean isIccProfile(byte[] b, int at, int length) {
    byte[] name = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (length < name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (b[at + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int at, boolean bigEndian) {
    if (at < 0 || at + 2 > b.length) {
      return -1;
    }
    int hi = b[at] & 0xff;
    int lo = b[at + 1] & 0xff;
    return bigEndian ? hi << 8 | lo : lo << 8 | hi;
  }

  private static long u32(byte[] b, int at, boolean bigEndian) {
    if (at < 0 || at + 4 > b.length) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = v << 8 | (b[at + (bigEndian ? i : 3 - i)] & 0xff);
    }
    return v;
  }
}
