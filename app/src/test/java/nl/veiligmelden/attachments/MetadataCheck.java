package nl.veiligmelden.attachments;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
/**
 * What a metadata reader finds in a file: metadata-extractor for pictures (also the JPEGs inside
 * a PDF), PDFBox for a PDF's document info and XMP. Used on the originals (to show they had
 * metadata) and on what we stored (to show it is gone).
 */
public final class MetadataCheck {
  private MetadataCheck() {}

  /** The identifying metadata found in a picture, by name; empty when none. */
  public static List<String> inImage(byte[] image) throws Exception {
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image));
    var found = new ArrayList<String>();
    for (Directory d : metadata.getDirectories()) {
      if (d instanceof GpsDirectory && d.getTagCount() > 0) {
        found.add("GPS");
      } else if ((d instanceof ExifIFD0Directory || d instanceof ExifSubIFDDirectory) && d.getTagCount() > 0) {
        found.add("EXIF");
      } else if (d instanceof ExifThumbnailDirectory) {
        found.add("thumbnail");
      } else if (d instanceof XmpDirectory) {
        found.add("XMP");
      } else if (d instanceof IptcDirectory) {
        found.add("IPTC");
      } else if (d instanceof PngDirectory && d.containsTag(PngDirectory.TAG_TEXTUAL_DATA)) {
        found.add("PNG text");
      }
    }
    String raw = new String(image, StandardCharsets.ISO_8859_1);
    if (raw.contains(Samples.AUTHOR) || raw.contains(Samples.ARTIST)) {
      found.add("name in bytes");
    }
    return found;
  }

  private static boolean isJpeg(COSStream stream) {
    var filter = stream.getDictionaryObject(COSName.FILTER);
    return COSName.DCT_DECODE.equals(filter)
        || filter instanceof COSArray a && a.toList().contains(COSName.DCT_DECODE);
  }

  public static boolean hasGps(byte[] image) throws Exception {
    return ImageMetadataReader.readMetadata(new ByteArrayInputStream(image)).getFirstDirectoryOfType(GpsDirectory.class) != null;
  }

  /** The identifying metadata found in a PDF (document info, XMP, embedded files, EXIF of its JPEGs, the author anywhere). */
  public static List<String> inPdf(byte[] pdf) throws Exception {
    return inPdf(pdf, true);
  }

  /**
   * {@code anywhere}: also the author's name in any stream or byte, which holds for the well-formed
   * test PDF. Without it, only what a PDF defines as metadata: a mutant can make a garbled embedded
   * file a page's content (the fuzz test found one drawn as the page's image once its /Type was
   * broken), and no cleaner can tell words on a page from words that used to be metadata.
   */
  public static List<String> inPdf(byte[] pdf, boolean anywhere) throws Exception {
    var found = new ArrayList<String>();
    try (var document = Loader.loadPDF(pdf)) {
      var info = document.getDocumentInformation();
      if (info.getAuthor() != null || info.getTitle() != null || info.getCreator() != null) {
        found.add("document info");
      }
      if (document.getDocumentCatalog().getMetadata() != null) {
        found.add("XMP");
      }
      var names = document.getDocumentCatalog().getNames();
      if (names != null && names.getEmbeddedFiles() != null) {
        found.add("embedded files");
      }
      for (var key : document.getDocument().getXrefTable().keySet()) {
        var object = document.getDocument().getObjectFromPool(key).getObject();
        if (object instanceof COSStream stream) {
          byte[] decoded;
          boolean jpeg = isJpeg(stream);
          try (InputStream in = jpeg ? new PDStream(stream).createInputStream(List.of("DCTDecode"))
              : stream.createInputStream()) {
            decoded = in.readAllBytes();
          } catch (IOException e) {
            continue;
          }
          if (jpeg) {
            List<String> inPhoto = inImage(decoded);
            if (!inPhoto.isEmpty()) {
              found.add("photo: " + inPhoto);
            }
          }
          if (anywhere && new String(decoded, StandardCharsets.ISO_8859_1).contains(Samples.AUTHOR)) {
            found.add("author in a stream");
          }
          COSName type = stream.getCOSName(COSName.TYPE);
          if ((COSName.METADATA.equals(type) || COSName.EMBEDDED_FILE.equals(type)
              || COSName.getPDFName("XML").equals(stream.getCOSName(COSName.SUBTYPE))) && decoded.length > 0) {
            found.add("XMP or embedded file stream");
          }
        } else if (object instanceof COSDictionary d && d.getString(COSName.AUTHOR) != null) {
          found.add("author in a dictionary");
        }
      }
    }
    if (anywhere && new String(pdf, StandardCharsets.ISO_8859_1).contains(Samples.AUTHOR)) {
      found.add("author in bytes");
    }
    return found;
  }
}
