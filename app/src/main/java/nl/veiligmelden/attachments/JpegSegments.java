package nl.veiligmelden.attachments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
   * The same JPEG with only what decoding needs: frame, scan, tables, restart interval, and the
   * colour information (an ICC profile in APP2, Adobe's APP14). Everything else goes: EXIF, XMP,
   * IPTC, maker notes, thumbnails, JFIF (which can hold one), comments, reserved markers (the fuzz
   * test found EXIF kept under a garbled marker when only APPn were dropped), and whatever follows
   * the end of the image. Empty when the structure cannot be followed to its end.
   */
  static Optional<byte[]> withoutMetadata(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      return Optional.empty();
    }
    var out = new ByteArrayOutputStream(jpeg.length);
    out.write(0xFF);
    out.write(0xD8);
    int at = 2;
    boolean framed = false;
    while (at + 2 <= jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xFF) {
        return Optional.empty();
      }
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == 0xD9) {
        out.write(0xFF);
        out.write(0xD9);
        return Optional.of(out.toByteArray());
      }
      if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
        out.write(jpeg, at, 2);
        at += 2;
        continue;
      }
      int length = u16(jpeg, at + 2, true);
      if (length < 2 || at + 2 + length > jpeg.length) {
        return Optional.empty();
      }
      if (needed(marker)) {
        // A kept segment must hold exactly what its kind holds: EXIF under a garbled marker that
        // happens to name a frame or a table does not pass (the fuzz test found one).
        if (!consistent(marker, jpeg, at, length) || isFrame(marker) && framed) {
          return Optional.empty();
        }
        framed |= isFrame(marker);
        out.write(jpeg, at, 2 + length);
      } else if (marker == 0xE2 && isIccProfile(jpeg, at + 4, length - 2)) {
        out.write(jpeg, at, 2 + length);
      }
      at += 2 + length;
      if (marker == 0xDA) {
        // Entropy-coded data runs to the next marker that is neither a stuffed 00 nor a restart.
        int end = at;
        while (end + 1 < jpeg.length) {
          int b = jpeg[end] & 0xff;
          int next = jpeg[end + 1] & 0xff;
          if (b == 0xFF && next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) {
            break;
          }
          end++;
        }
        if (end + 1 >= jpeg.length) {
          return Optional.empty();
        }
        out.write(jpeg, at, end - at);
        at = end;
      }
    }
    return Optional.empty();
  }

  /** Markers a decoder needs: SOFn, DHT, DAC, DQT, DNL, DRI, SOS, Adobe's APP14. */
  private static boolean needed(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC8 || marker == 0xDA || marker == 0xDB || marker == 0xDC
        || marker == 0xDD || marker == 0xEE;
  }

  private static boolean isFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Whether a segment's length is exactly what its own fields say it holds. */
  private static boolean consistent(int marker, byte[] b, int at, int length) {
    int p = at + 4;
    int end = at + 2 + length;
    if (isFrame(marker)) {
      return length >= 8 && length == 8 + 3 * (b[at + 9] & 0xff);
    }
    switch (marker) {
      case 0xC4 -> { // Huffman tables: class/id, 16 counts, the symbols
        while (p < end) {
          if (p + 17 > end) {
            return false;
          }
          int symbols = 0;
          for (int i = 1; i <= 16; i++) {
            symbols += b[p + i] & 0xff;
          }
          p += 17 + symbols;
        }
        return p == end;
      }
      case 0xDB -> { // quantisation tables of 64 bytes or 64 words
        while (p < end) {
          int precision = (b[p] & 0xff) >> 4;
          if (precision > 1) {
            return false;
          }
          p += 1 + 64 * (precision + 1);
        }
        return p == end;
      }
      case 0xCC -> {
        return (length - 2) % 2 == 0;
      }
      case 0xDC, 0xDD -> {
        return length == 4;
      }
      case 0xDA -> {
        return length >= 6 && length == 6 + 2 * (b[at + 4] & 0xff);
      }
      case 0xEE -> {
        return length == 14 && b[p] == 'A' && b[p + 1] == 'd' && b[p + 2] == 'o' && b[p + 3] == 'b' && b[p + 4] == 'e';
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean isIccProfile(byte[] b, int at, int length) {
    byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
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
