package nl.veiligmelden.attachments;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
/** Files with metadata, made in the test: what a phone or a word processor would send. */
public final class Samples {
  public static final String AUTHOR = "Annelies Verhoeven-Kwakman";
  public static final String TITLE = "Verslag van Pietersen";
  public static final String ARTIST = "Camera van Pietersen";
  public static final double LATITUDE = 52.0907;
  public static final double LONGITUDE = 5.1214;

  private Samples() {}

  /** A picture of a given size: a red square top-left on blue, so orientation can be checked. */
  public static BufferedImage picture(int width, int height) {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.RED);
    g.fillRect(0, 0, Math.max(1, width / 4), Math.max(1, height / 4));
    g.dispose();
    return image;
  }

  public static byte[] plainJpeg(int width, int height) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(picture(width, height), "jpeg", out);
    return out.toByteArray();
  }

  /** A JPEG with EXIF: GPS position, orientation, artist. */
  public static byte[] jpegWithGps(int width, int height, int orientation) throws Exception {
    byte[] plain = plainJpeg(width, height);
    var set = new TiffOutputSet();
    set.setGpsInDegrees(LONGITUDE, LATITUDE);
    TiffOutputDirectory root = set.getOrCreateRootDirectory();
    root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
    root.add(TiffTagConstants.TIFF_TAG_ARTIST, ARTIST);
    var out = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(plain, out, set);
    return out.toByteArray();
  }

  /** A PNG with a text chunk naming its author. */
  public static byte[] pngWithText(int width, int height) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(picture(width, height), "png", out);
    byte[] png = out.toByteArray();
    // Insert a tEXt chunk right after IHDR (8 + 25 bytes).
    byte[] text = ("Author\0" + AUTHOR).getBytes(StandardCharsets.ISO_8859_1);
    var with = new ByteArrayOutputStream();
    with.write(png, 0, 33);
    with.writeBytes(chunk("tEXt", text));
    with.write(png, 33, png.length - 33);
    return with.toByteArray();
  }

  /** A PNG whose header claims width x height, with almost no data: a decompression bomb's first step. */
  public static byte[] pngClaiming(int width, int height) throws IOException {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0);
    out.writeBytes(chunk("IHDR", ihdr.array()));
    // Rows of zeros compress to almost nothing: a few kilobytes stand for gigabytes of pixels.
    var deflater = new Deflater(9);
    deflater.setInput(new byte[1 << 20]);
    deflater.finish();
    byte[] buffer = new byte[1 << 16];
    int n = deflater.deflate(buffer);
    out.writeBytes(chunk("IDAT", Arrays.copyOf(buffer, n)));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /** A small valid JPEG whose frame header claims width x height. */
  public static byte[] jpegClaiming(int width, int height) throws IOException {
    byte[] jpeg = plainJpeg(16, 16);
    for (int i = 2; i + 9 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xFF && ((jpeg[i + 1] & 0xff) == 0xC0 || (jpeg[i + 1] & 0xff) == 0xC2)) {
        jpeg[i + 5] = (byte) (height >> 8);
        jpeg[i + 6] = (byte) height;
        jpeg[i + 7] = (byte) (width >> 8);
        jpeg[i + 8] = (byte) width;
        return jpeg;
      }
    }
    throw new IllegalStateException("no frame header");
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    var crc = new CRC32();
    crc.update(name);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data).putInt((int) crc.getValue()).array();
  }

  /**
   * A PDF with an author and title in its document info, the same in XMP, a photo with GPS EXIF on
   * its page, an embedded file, and {@code pages} pages of text.
   */
  public static byte[] pdfWithAuthor(int pages) throws Exception {
    try (var document = new PDDocument()) {
      var info = new PDDocumentInformation();
      info.setAuthor(AUTHOR);
      info.setTitle(TITLE);
      info.setCreator("Writer van " + AUTHOR);
      document.setDocumentInformation(info);
      String xmp = """
          <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
          <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>
          </rdf:Description></rdf:RDF></x:xmpmeta>
          <?xpacket end="w"?>""".formatted(AUTHOR);
      var metadata = new PDMetadata(document);
      metadata.importXMPMetadata(xmp.getBytes(StandardCharsets.UTF_8));
      document.getDocumentCatalog().setMetadata(metadata);
      var photo = JPEGFactory.createFromByteArray(document, jpegWithGps(64, 48, 1));
      var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 0; p < pages; p++) {
        var page = new PDPage();
        document.addPage(page);
        try (var content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 11);
          content.newLineAtOffset(50, 700);
          content.showText("Pagina " + (p + 1) + ": wat er gebeurde in lokaal 3.");
          content.endText();
          if (p == 0) {
            content.drawImage(photo, 50, 500, 128, 96);
          }
        }
      }
      var embedded = new PDEmbeddedFile(document,
          new ByteArrayInputStream(("geheim van " + AUTHOR).getBytes(StandardCharsets.UTF_8)));
      var spec = new PDComplexFileSpecification();
      spec.setFile("bijlage.txt");
      spec.setEmbeddedFile(embedded);
      var tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(Map.of("bijlage.txt", spec));
      var names = new PDDocumentNameDictionary(document.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      document.getDocumentCatalog().setNames(names);
      var out = new ByteArrayOutputStream();
      // Uncompressed, so the original visibly holds the author in its bytes.
      document.save(out, CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }

  /** A one-page PDF that says this text, uncompressed. */
  public static byte[] pdfSaying(String text) throws Exception {
    try (var document = new PDDocument()) {
      var page = new PDPage();
      document.addPage(page);
      try (var content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        content.newLineAtOffset(50, 700);
        content.showText(text);
        content.endText();
      }
      var out = new ByteArrayOutputStream();
      document.save(out, CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }

  /** The same PDF with its photo deflated once more, under [/FlateDecode /DCTDecode], as some tools write it. */
  public static byte[] withChainedPhoto(byte[] pdf) throws Exception {
    try (var document = Loader.loadPDF(pdf)) {
      for (var key : document.getDocument().getXrefTable().keySet()) {
        if (document.getDocument().getObjectFromPool(key).getObject() instanceof COSStream s
            && COSName.DCT_DECODE.equals(s.getDictionaryObject(COSName.FILTER))) {
          byte[] jpeg;
          try (var in = s.createRawInputStream()) {
            jpeg = in.readAllBytes();
          }
          var deflated = new ByteArrayOutputStream();
          try (var z = new DeflaterOutputStream(deflated)) {
            z.write(jpeg);
          }
          try (var out = s.createRawOutputStream()) {
            out.write(deflated.toByteArray());
          }
          var filters = new COSArray();
          filters.add(COSName.FLATE_DECODE);
          filters.add(COSName.DCT_DECODE);
          s.setItem(COSName.FILTER, filters);
        }
      }
      var out = new ByteArrayOutputStream();
      document.save(out, CompressParameters.NO_COMPRESSION);
      return out.toByteArray();
    }
  }

  public static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
