package nl.veiligmelden.attachments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
/**
 * PDFs: parsed with PDFBox (in memory only, never a scratch file), stripped of what describes the
 * document instead of being it, and written anew from the objects that are still reachable, so
 * old revisions and the removed objects are not in the new file. Removed: the document info
 * (author, title, creator, producer, dates) and its keys wherever they turn up, the file
 * identifier (written anew from the cleaned content, never the clock), every XMP metadata stream (of the document, its pages, images and fonts), page
 * thumbnails, piece info, embedded files and file attachments, JavaScript and actions, outlines,
 * forms, annotation authors and dates; the catalog and trailer keep only an allow-list of keys.
 * JPEG images inside keep their pixels but lose their EXIF/XMP/IPTC segments. Text and pictures
 * on the pages stay as they are.
 */
final class PdfCleaner {
  /**
   * Removed from every dictionary, wherever it is: a hostile or broken file can put the document
   * info's keys anywhere (the fuzz test found them moved into the catalog and referenced from a
   * page), so they are not looked for in one place only.
   */
  private static final List<COSName> DROPPED_EVERYWHERE = names("Metadata", "PieceInfo", "AA", "Thumb", "JS", "EF",
      "RichMediaContent", "Author", "Creator", "Producer", "Title", "Subject", "Keywords", "CreationDate", "ModDate",
      "Trapped", "LastModified", "AF");
  /** Of an annotation: who wrote it and when (Acrobat keeps the author's name in /T). */
  private static final List<COSName> DROPPED_FROM_ANNOTATIONS = names("T", "M", "NM", "CreationDate", "RC", "Popup");
  /** The catalog keeps only what draws and navigates the pages; outlines, forms, actions and the rest go. */
  private static final Set<COSName> CATALOG_KEPT = Set.copyOf(names("Type", "Version", "Extensions", "Pages",
      "PageLabels", "Names", "Dests", "ViewerPreferences", "PageLayout", "PageMode", "StructTreeRoot", "MarkInfo", "Lang",
      "OCProperties", "OutputIntents"));
  private static final Set<COSName> NAMES_KEPT = Set.copyOf(names("Dests", "AP"));
  private static final Set<COSName> TRAILER_KEPT = Set.copyOf(names("Root", "Size"));

  private static List<COSName> names(String... names) {
    return Arrays.stream(names).map(COSName::getPDFName).toList();
  }

  private static void keepOnly(COSDictionary dictionary, Set<COSName> kept) {
    for (COSName key : new ArrayList<>(dictionary.keySet())) {
      if (!kept.contains(key)) {
        dictionary.removeItem(key);
      }
    }
  }

  CleanFile clean(byte[] bytes) throws AttachmentRefused, IOException {
    try (PDDocument document = load(bytes)) {
      if (document.isEncrypted()) {
        // Opened with the empty password: only its restrictions are removed, not a secret.
        document.setAllSecurityToBeRemoved(true);
      }
      COSDocument cos = document.getDocument();
      keepOnly(cos.getTrailer(), TRAILER_KEPT);
      COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
      keepOnly(catalog, CATALOG_KEPT);
      COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
      if (names != null) {
        keepOnly(names, NAMES_KEPT);
      }
      walk(cos.getTrailer());
      // A file without an /ID gets one from PDFBox, hashed from the clock in milliseconds: with the
      // day known, the upload's exact moment could be recovered. Written here with an /ID of zeros;
      // then those 16 bytes, in place (same length, so every offset holds), become the first 16
      // bytes of SHA-256 over that file: the same upload gives the same bytes, and the /ID says
      // nothing the file does not.
      cos.getTrailer().setItem(COSName.ID, identifier(new byte[ID_BYTES]));
      var out = new ByteArrayOutputStream(bytes.length);
      document.save(out);
      byte[] cleaned = out.toByteArray();
      byte[] id = Arrays.copyOf(sha256(cleaned), ID_BYTES);
      return new CleanFile(FileKind.PDF, replaceLast(cleaned, PLACEHOLDER, ascii("<" + HexFormat.of().withUpperCase().formatHex(id) + ">"), 2));
    }
  }

  private static final int ID_BYTES = 16;
  /** How PDFBox writes the /ID of zeros (hex, upper case), in the trailer or cross-reference stream's dictionary. */
  private static final byte[] PLACEHOLDER = ascii("<" + "0".repeat(2 * ID_BYTES) + ">");

  /** The trailer's /ID: the same identifier twice (first and current revision; there is one). */
  private static COSArray identifier(byte[] id) {
    var array = new COSArray();
    array.add(new COSString(id, true));
    array.add(new COSString(id, true));
    return array;
  }

  /**
   * The last {@code count} occurrences of {@code what} replaced by {@code with} (as long): the
   * trailer is written last, after every page and stream. Where they are not both found the file
   * keeps its /ID of zeros, which tells nothing either.
   */
  private static byte[] replaceLast(byte[] in, byte[] what, byte[] with, int count) {
    byte[] out = in.clone();
    int found = 0;
    for (int i = out.length - what.length; i >= 0 && found < count; i--) {
      if (Arrays.equals(out, i, i + what.length, what, 0, what.length)) {
        System.arraycopy(with, 0, out, i, with.length);
        found++;
      }
    }
    return found == count ? out : in;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * Visits everything reachable from the trailer, which is exactly what {@code save} writes: the
   * cross-reference table of a broken file can miss objects its pages still use (the fuzz test
   * found a photo kept with its GPS that way). Iterative, so deep nesting cannot overflow the stack.
   */
  private static void walk(COSDictionary trailer) throws AttachmentRefused, IOException {
    var seen = Collections.newSetFromMap(new IdentityHashMap<COSBase, Boolean>());
    var todo = new ArrayDeque<COSBase>();
    todo.push(trailer);
    while (!todo.isEmpty()) {
      COSBase next = todo.pop();
      if (next instanceof COSObject reference) {
        next = reference.getObject();
      }
      if (next == null || !seen.add(next)) {
        continue;
      }
      if (next instanceof COSDictionary dictionary) {
        clean(dictionary);
        for (COSBase value : dictionary.getValues()) {
          todo.push(value);
        }
      } else if (next instanceof COSArray array) {
        for (int i = 0; i < array.size(); i++) {
          todo.push(array.get(i));
        }
      }
    }
  }

  private static PDDocument load(byte[] bytes) throws AttachmentRefused, IOException {
    try {
      return Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null, IOUtils.createMemoryOnlyStreamCache());
    } catch (InvalidPasswordException e) {
      throw new AttachmentRefused(FileRefusal.PROTECTED);
    }
  }

  private static void clean(COSDictionary dictionary) throws AttachmentRefused, IOException {
    DROPPED_EVERYWHERE.forEach(dictionary::removeItem);
    if (COSName.ANNOT.equals(dictionary.getCOSName(COSName.TYPE)) || dictionary.containsKey(COSName.RECT)) {
      DROPPED_FROM_ANNOTATIONS.forEach(dictionary::removeItem);
    }
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
      byte[] jpeg;
      boolean chained = !COSName.DCT_DECODE.equals(stream.getDictionaryObject(COSName.FILTER));
      // A JPEG under another filter ([/FlateDecode /DCTDecode]) is unpacked to the JPEG first.
      try (InputStream in = chained ? new PDStream(stream).createInputStream(List.of(COSName.DCT_DECODE.getName()))
          : stream.createRawInputStream()) {
        jpeg = in.readAllBytes();
      }
      Optional<byte[]> stripped = JpegSegments.withoutMetadata(jpeg);
      if (stripped.isEmpty()) {
        // We cannot tell what is in it, so we cannot promise it holds no metadata.
        throw new AttachmentRefused(FileRefusal.DAMAGED);
      }
      if (chained || stripped.get().length != jpeg.length) {
        try (OutputStream out = stream.createRawOutputStream()) {
          out.write(stripped.get());
        }
        stream.setItem(COSName.FILTER, COSName.DCT_DECODE);
        stream.removeItem(COSName.DECODE_PARMS);
      }
    }
  }

  private static boolean isDescription(COSStream stream) {
    COSName type = stream.getCOSName(COSName.TYPE);
    return COSName.METADATA.equals(type) || COSName.EMBEDDED_FILE.equals(type)
        || COSName.getPDFName("XML").equals(stream.getCOSName(COSName.SUBTYPE));
  }

  /** A JPEG image: /DCTDecode alone, or in a chain of filters (unpacked up to it, then stored as /DCTDecode alone). */
  private static boolean isJpeg(COSStream stream) {
    COSBase filter = stream.getDictionaryObject(COSName.FILTER);
    if (COSName.DCT_DECODE.equals(filter)) {
      return true;
    }
    if (filter instanceof COSArray filters) {
      for (int i = 0; i < filters.size(); i++) {
        if (COSName.DCT_DECODE.equals(filters.getObject(i))) {
          return true;
        }
      }
    }
    return false;
  }
}
