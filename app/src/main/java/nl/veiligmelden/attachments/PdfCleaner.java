package nl.veiligmelden.attachments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * PDFs: parsed with PDFBox (in memory only, never a scratch file), stripped of what describes the
 * document instead of being it, and written anew from the objects that are still reachable, so
 * old revisions and the removed objects are not in the new file. Removed: the document info
 * (author, title, creator, producer, dates), the file identifier, every XMP metadata stream (of
 * the document, its pages, images and fonts), page thumbnails, piece info, embedded files and
 * file attachments, JavaScript and actions that run on opening; JPEG images inside keep their
 * pixels but lose their EXIF/XMP/IPTC segments. Text and pictures on the pages stay as they are.
 */
final class PdfCleaner {
  private static final List<COSName> DROPPED_EVERYWHERE = List.of(COSName.METADATA, COSName.PIECE_INFO, COSName.AA,
      COSName.getPDFName("Thumb"), COSName.JS, COSName.EF, COSName.getPDFName("RichMediaContent"));
  private static final List<COSName> DROPPED_FROM_CATALOG = List.of(COSName.OPEN_ACTION, COSName.getPDFName("Collection"),
      COSName.getPDFName("Perms"), COSName.getPDFName("AcroForm"));

  CleanFile clean(byte[] bytes) throws AttachmentRefused, IOException {
    try (PDDocument document = load(bytes)) {
      if (document.isEncrypted()) {
        // Opened with the empty password: only its restrictions are removed, not a secret.
        document.setAllSecurityToBeRemoved(true);
      }
      COSDocument cos = document.getDocument();
      COSDictionary trailer = cos.getTrailer();
      trailer.removeItem(COSName.INFO);
      trailer.removeItem(COSName.ID);
      COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
      DROPPED_FROM_CATALOG.forEach(catalog::removeItem);
      COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
      if (names != null) {
        names.removeItem(COSName.EMBEDDED_FILES);
        names.removeItem(COSName.JAVA_SCRIPT);
      }
      for (COSObjectKey key : new ArrayList<>(cos.getXrefTable().keySet())) {
        COSObject object = cos.getObjectFromPool(key);
        COSBase base = object == null ? null : object.getObject();
        if (base instanceof COSDictionary dictionary) {
          clean(dictionary);
        }
      }
      // Pages and their annotations are often direct objects inside others: walk them too.
      for (var page : document.getPages()) {
        COSDictionary pageDict = page.getCOSObject();
        clean(pageDict);
        COSArray annotations = pageDict.getCOSArray(COSName.ANNOTS);
        if (annotations != null) {
          for (int i = annotations.size() - 1; i >= 0; i--) {
            if (annotations.getObject(i) instanceof COSDictionary annotation) {
              if (COSName.getPDFName("FileAttachment").equals(annotation.getCOSName(COSName.SUBTYPE))) {
                annotations.remove(i);
              } else {
                clean(annotation);
              }
            }
          }
        }
      }
      var out = new ByteArrayOutputStream(bytes.length);
      document.save(out);
      return new CleanFile(FileKind.PDF, out.toByteArray());
    }
  }

  private static PDDocument load(byte[] bytes) throws AttachmentRefused, IOException {
    try {
      return Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null, IOUtils.createMemoryOnlyStreamCache());
    } catch (InvalidPasswordException e) {
      throw new AttachmentRefused(Refusal.PROTECTED);
    }
  }

  private static void clean(COSDictionary dictionary) throws AttachmentRefused, IOException {
    DROPPED_EVERYWHERE.forEach(dictionary::removeItem);
    COSName type = dictionary.getCOSName(COSName.S);
    if (COSName.JAVA_SCRIPT.equals(type) || COSName.getPDFName("Launch").equals(type)) {
      dictionary.clear();
    }
    if (COSName.getPDFName("FileAttachment").equals(dictionary.getCOSName(COSName.SUBTYPE))) {
      dictionary.removeItem(COSName.FS);
    }
    if (dictionary instanceof COSStream stream && isDescription(stream)) {
      // An XMP packet or embedded file that is still reachable under some other key: emptied.
      try (OutputStream out = stream.createOutputStream()) {
        out.flush();
      }
      return;
    }
    if (dictionary instanceof COSStream stream && isJpeg(stream)) {
      byte[] raw;
      try (InputStream in = stream.createRawInputStream()) {
        raw = in.readAllBytes();
      }
      Optional<byte[]> stripped = JpegSegments.withoutMetadata(raw);
      if (stripped.isEmpty()) {
        // We cannot tell what is in it, so we cannot promise it holds no metadata.
        throw new AttachmentRefused(Refusal.DAMAGED);
      }
      if (stripped.get().length != raw.length) {
        try (OutputStream out = stream.createRawOutputStream()) {
          out.write(stripped.get());
        }
      }
    }
  }

  private static boolean isDescription(COSStream stream) {
    COSName type = stream.getCOSName(COSName.TYPE);
    return COSName.METADATA.equals(type) || COSName.EMBEDDED_FILE.equals(type)
        || COSName.getPDFName("XML").equals(stream.getCOSName(COSName.SUBTYPE));
  }

  private static boolean isJpeg(COSStream stream) {
    COSBase filter = stream.getDictionaryObject(COSName.FILTER);
    if (COSName.DCT_DECODE.equals(filter)) {
      return true;
    }
    return filter instanceof COSArray filters && filters.size() == 1 && COSName.DCT_DECODE.equals(filters.getObject(0));
  }
}
