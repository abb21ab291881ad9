package nl.veiligmelden.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.attachments.AttachmentCleaner;
import nl.veiligmelden.attachments.AttachmentRefused;
import nl.veiligmelden.attachments.CleaningPool;
import nl.veiligmelden.attachments.Samples;
import nl.veiligmelden.config.AttachmentLimits;
import nl.veiligmelden.crypto.AttachmentKey;
import nl.veiligmelden.crypto.AttachmentSealer;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.ReportVault;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
/**
 * How long cleaning takes: a 12 MP phone photo with GPS EXIF, a large PDF (pages of text and
 * photos, author and XMP), and the refusal of decompression bombs; and sealing a 10 MB file with
 * its own streaming key. Measures the cleaner and the sealer in-process (what an upload adds to
 * the request beyond moving the bytes). Bounded; stops by itself.
 *
 * <pre>java -Xmx512m -cp ... nl.veiligmelden.bench.AttachmentBenchmark [rounds]</pre>
 */
public final class AttachmentBenchmark {
  private AttachmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    var cleaner = new AttachmentCleaner(new AttachmentLimits(100L * 1024 * 1024, 5, 40_000_000L), CleaningPool.forThisMachine(40_000_000L));

    byte[] photo = photo(4000, 3000);
    byte[] pdf = pdf(120);
    byte[] pngBomb = Samples.pngClaiming(60_000, 60_000);
    byte[] jpegBomb = Samples.jpegClaiming(65_000, 65_000);
    System.out.printf("inputs: photo %.1f MB (4000x3000, GPS EXIF), pdf %.1f MB (120 pages, 12 photos), png bomb %d bytes, jpeg bomb %d bytes%n",
        photo.length / 1e6, pdf.length / 1e6, pngBomb.length, jpegBomb.length);

    row("clean 12 MP JPEG (decode, upright, re-encode q0.9)", rounds, () -> cleaner.clean(photo).bytes().length);
    row("clean PDF, 120 pages (parse, strip, rewrite)", rounds, () -> cleaner.clean(pdf).bytes().length);
    row("refuse PNG bomb 60000x60000 (header only)", rounds * 10, () -> refused(cleaner, pngBomb));
    byte[] flat = flatPng(6300, 6300);
    System.out.printf("largest picture allowed: PNG 6300x6300 (39.7 MP) of one colour, %d bytes%n", flat.length);
    row("clean PNG 6300x6300, one colour (decode 39.7 MP, re-encode)", rounds, () -> cleaner.clean(flat).bytes().length);
    row("refuse JPEG bomb 65000x65000 (header only)", rounds * 10, () -> refused(cleaner, jpegBomb));

    var dir = Files.createTempDirectory("vm-attach-bench");
    try {
      var vault = new ReportVault(Keyring.openOrCreate(dir, MasterKey.fromFile(dir.resolve("master.key"))));
      var reportKey = vault.newKeyAsBeforeZeroAccess("BENCHREPORT00000");
      byte[] tenMb = new byte[10 * 1024 * 1024];
      new Random(1).nextBytes(tenMb);
      AttachmentKey key = AttachmentSealer.newKey(reportKey, "BENCHATTACH00000");
      byte[] sealed = key.seal(tenMb);
      row("seal 10 MB (new key, AES256_GCM_HKDF_1MB)", rounds, () -> AttachmentSealer.newKey(reportKey, "BENCHATTACH00001").seal(tenMb).length);
      row("open 10 MB (unwrap key, decrypt, verify)", rounds,
          () -> AttachmentSealer.open(reportKey, "BENCHATTACH00000", key.wrapped()).open(sealed).length);
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap max %d MiB, in use after GC %d MiB%n", rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
    } finally {
      DataDirectories.remove(dir);
    }
  }

  private static int refused(AttachmentCleaner cleaner, byte[] bomb) {
    try {
      cleaner.clean(bomb);
      throw new IllegalStateException("a bomb was cleaned");
    } catch (AttachmentRefused e) {
      return e.reason().ordinal();
    }
  }

  interface Work {
    int run() throws Exception;
  }

  private static void row(String what, int rounds, Work work) throws Exception {
    work.run();
    work.run();
    List<Double> ms = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      size = work.run();
      ms.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf("| %s | %d | %.2f | %.2f | %.2f | %s |%n", what, rounds, ms.get(0), ms.get(ms.size() / 2), ms.get(ms.size() - 1),
        size > 1000 ? String.format("%.1f MB out", size / 1e6) : "");
  }

  /** A photo-like picture: smooth light with fine grain, so it compresses as a camera's would. */
  static byte[] photo(int width, int height) throws Exception {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var random = new Random(42);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int grain = random.nextInt(24) - 12;
        int r = clamp(120 + (int) (80 * Math.sin(x / 300.0)) + grain);
        int g = clamp(110 + (int) (70 * Math.cos(y / 250.0)) + grain);
        int b = clamp(100 + (int) (60 * Math.sin((x + y) / 400.0)) + grain);
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    var out = new ByteArrayOutputStream();
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (var stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.92f);
      writer.write(null, new IIOImage(image, null, null), param);
    }
    writer.dispose();
    // The camera's EXIF with GPS, as a phone writes it.
    var set = new TiffOutputSet();
    set.setGpsInDegrees(Samples.LONGITUDE, Samples.LATITUDE);
    var withExif = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(out.toByteArray(), withExif, set);
    return withExif.toByteArray();
  }

  /** The worst picture under the pixel limit: a few kilobytes that decode to 119 MB of pixels. */
  static byte[] flatPng(int width, int height) throws Exception {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", out);
    return out.toByteArray();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** A long PDF: pages of text, a 1.2 MP photo every tenth page, author and XMP. */
  static byte[] pdf(int pages) throws Exception {
    byte[] small = photo(1280, 960);
    try (var document = new PDDocument()) {
      document.getDocumentInformation().setAuthor(Samples.AUTHOR);
      var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 0; p < pages; p++) {
        var page = new PDPage();
        document.addPage(page);
        try (var content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 10);
          content.newLineAtOffset(40, 750);
          for (int line = 0; line < 60; line++) {
            content.showText("Regel " + line + " van pagina " + (p + 1) + ": wat er gebeurde, wie erbij was, en wat daarna kwam.");
            content.newLineAtOffset(0, -12);
          }
          content.endText();
          if (p % 10 == 0) {
            content.drawImage(JPEGFactory.createFromByteArray(document, small), 300, 40, 256, 192);
          }
        }
      }
      var out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }
}
