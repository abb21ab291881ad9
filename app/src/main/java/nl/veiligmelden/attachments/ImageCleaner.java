package nl.veiligmelden.attachments;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
/**
 * Photos and screenshots: the pixel count is read from the header and checked before a single
 * pixel is decoded; then the picture is decoded, turned upright by its EXIF orientation, and
 * encoded anew from the pixels alone. What the new file holds is only what we write: no EXIF (so
 * no GPS, camera, owner or time), no XMP, no IPTC, no embedded thumbnail, no text chunks.
 */
final class ImageCleaner {
  static {
    // ImageIO would otherwise cache streams in temp files: plaintext of a reporter's photo on disk.
    ImageIO.setUseCache(false);
  }

  private static final float JPEG_QUALITY = 0.9f;
  private final long maxPixels;

  ImageCleaner(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  CleanFile clean(byte[] bytes, FileKind kind) throws AttachmentRefused, IOException {
    BufferedImage image = decode(bytes, kind);
    if (kind == FileKind.JPEG) {
      image = upright(image, JpegSegments.orientation(bytes));
      return new CleanFile(FileKind.JPEG, jpeg(opaque(image)));
    }
    var out = new ByteArrayOutputStream(bytes.length);
    if (!ImageIO.write(image, "png", new MemoryCacheImageOutputStream(out))) {
      throw new AttachmentRefused(FileRefusal.DAMAGED);
    }
    return new CleanFile(FileKind.PNG, out.toByteArray());
  }

  private BufferedImage decode(byte[] bytes, FileKind kind) throws AttachmentRefused, IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(kind == FileKind.JPEG ? "jpeg" : "png");
    if (!readers.hasNext()) {
      throw new AttachmentRefused(FileRefusal.UNKNOWN_TYPE);
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      if (width < 1 || height < 1) {
        throw new AttachmentRefused(FileRefusal.DAMAGED);
      }
      // From the header alone: a small file that claims 50000 x 50000 pixels is refused here,
      // before the decoder allocates anything for it.
      if (width * height > maxPixels) {
        throw new AttachmentRefused(FileRefusal.TOO_MANY_PIXELS);
      }
      BufferedImage image = reader.read(0);
      if (image == null || image.getWidth() != width || image.getHeight() != height) {
        throw new AttachmentRefused(FileRefusal.DAMAGED);
      }
      return image;
    } finally {
      reader.dispose();
    }
  }

  /** EXIF orientation 2 to 8 as the transform that makes the picture look as the camera meant. */
  static BufferedImage upright(BufferedImage image, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5;
    // Where pixel (x, y) of the stored picture goes: (m00 x + m01 y + m02, m10 x + m11 y + m12).
    AffineTransform t = switch (orientation) {
      case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored left-right
      case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
      case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored top-bottom
      case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
      case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turned a quarter clockwise
      case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
      default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: a quarter anticlockwise
    };
    var turned = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = turned.createGraphics();
    try {
      g.drawImage(image, t, null);
    } finally {
      g.dispose();
    }
    return turned;
  }

  /** JPEG has no transparency; a picture with it (or in an unusual layout) is drawn on white. */
  private static BufferedImage opaque(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    var rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var out = new ByteArrayOutputStream();
    try (var stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      // No metadata object: the writer adds only its own JFIF header.
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
