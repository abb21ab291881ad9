package nl.veiligmelden.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import nl.veiligmelden.config.AttachmentLimits;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
class AttachmentCleanerTest {
  private final AttachmentCleaner cleaner = new AttachmentCleaner(AttachmentLimits.DEFAULT, CleaningPool.forThisMachine(AttachmentLimits.DEFAULT.maxPixels()));

  private FileRefusal refusal(byte[] bytes) {
    return assertThrows(AttachmentRefused.class, () -> cleaner.clean(bytes)).reason();
  }

  @Test
  void aPhotoLosesGpsAndExifAndIsTurnedUpright() throws Exception {
    // Stored 40 wide, 20 high, with orientation 6: the camera was turned a quarter clockwise.
    byte[] original = Samples.jpegWithGps(40, 20, 6);
    assertTrue(MetadataCheck.hasGps(original), "the test photo must carry GPS");
    assertTrue(MetadataCheck.inImage(original).contains("EXIF"));

    CleanFile clean = cleaner.clean(original);
    assertEquals(FileKind.JPEG, clean.kind());
    assertEquals(List.of(), MetadataCheck.inImage(clean.bytes()));
    BufferedImage upright = ImageIO.read(new ByteArrayInputStream(clean.bytes()));
    assertEquals(20, upright.getWidth());
    assertEquals(40, upright.getHeight());
    // The red corner was top-left as stored; a quarter turn clockwise puts it top-right.
    assertTrue(red(upright.getRGB(18, 1)), "top-right is red");
    assertTrue(!red(upright.getRGB(1, 1)), "top-left is not red");
  }

  private static boolean red(int rgb) {
    return (rgb >> 16 & 0xff) > 180 && (rgb & 0xff) < 90;
  }

  @Test
  void aPngLosesItsTextChunks() throws Exception {
    byte[] original = Samples.pngWithText(30, 30);
    assertTrue(MetadataCheck.inImage(original).contains("PNG text"));
    CleanFile clean = cleaner.clean(original);
    assertEquals(FileKind.PNG, clean.kind());
    assertEquals(List.of(), MetadataCheck.inImage(clean.bytes()));
  }

  @Test
  void aPdfLosesAuthorXmpEmbeddedFilesAndThePhotosGps() throws Exception {
    byte[] original = Samples.pdfWithAuthor(2);
    var before = MetadataCheck.inPdf(original);
    assertTrue(before.contains("document info") && before.contains("XMP") && before.contains("embedded files"), before.toString());
    assertTrue(before.stream().anyMatch(f -> f.startsWith("photo:") && f.contains("GPS")), before.toString());

    CleanFile clean = cleaner.clean(original);
    assertEquals(FileKind.PDF, clean.kind());
    assertEquals(List.of(), MetadataCheck.inPdf(clean.bytes()));
    try (var document = Loader.loadPDF(clean.bytes())) {
      assertEquals(2, document.getNumberOfPages());
      String text = new PDFTextStripper().getText(document);
      assertTrue(text.contains("lokaal 3"), "the content stays");
      // The photo on page 1 still draws: its JPEG kept everything a decoder needs.
      var page = new PDFRenderer(document).renderImage(0);
      int photo = page.getRGB(50 + 10, page.getHeight() - 500 - 96 + 10);
      assertTrue(red(photo), "the photo's red corner is drawn");
    }
  }

  @Test
  void aPhotoInsideAPdfUnderAChainOfFiltersLosesItsGpsToo() throws Exception {
    byte[] original = Samples.withChainedPhoto(Samples.pdfWithAuthor(1));
    var before = MetadataCheck.inPdf(original);
    assertTrue(before.stream().anyMatch(f -> f.startsWith("photo:") && f.contains("GPS")), before.toString());
    CleanFile clean = cleaner.clean(original);
    assertEquals(List.of(), MetadataCheck.inPdf(clean.bytes()));
    try (var document = Loader.loadPDF(clean.bytes())) {
      var page = new PDFRenderer(document).renderImage(0);
      assertTrue(red(page.getRGB(60, page.getHeight() - 500 - 96 + 10)), "the photo still draws");
    }
  }

  @Test
  void theTypeComesFromTheContentNotTheName() {
    // An HTML page, whatever it is called.
    assertEquals(FileRefusal.UNKNOWN_TYPE, refusal("<!doctype html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
    assertEquals(FileRefusal.UNKNOWN_TYPE, refusal(new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0}));
    byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
    assertEquals(FileRefusal.HEIF, refusal(heic));
    assertEquals(FileRefusal.EMPTY, refusal(new byte[0]));
  }

  @Test
  void aFileAboveTheLimitIsRefusedUnread() {
    var small = new AttachmentCleaner(new AttachmentLimits(1000, 5, 1_000_000), CleaningPool.forThisMachine(1_000_000));
    assertEquals(FileRefusal.TOO_LARGE, assertThrows(AttachmentRefused.class, () -> small.clean(new byte[1001])).reason());
  }

  @Test
  void decompressionBombsAreRefusedFromTheHeader() throws Exception {
    assertEquals(FileRefusal.TOO_MANY_PIXELS, refusal(Samples.pngClaiming(50_000, 50_000)));
    assertEquals(FileRefusal.TOO_MANY_PIXELS, refusal(Samples.jpegClaiming(65_000, 65_000)));
    // Just under the limit in pixels but with nothing behind the header: damaged, not decoded into memory.
    var limited = new AttachmentCleaner(new AttachmentLimits(10_000_000, 5, 100 * 100), CleaningPool.forThisMachine(100 * 100));
    assertEquals(FileRefusal.TOO_MANY_PIXELS, assertThrows(AttachmentRefused.class, () -> limited.clean(Samples.plainJpeg(101, 100))).reason());
    assertEquals(FileKind.JPEG, limited.clean(Samples.plainJpeg(100, 100)).kind());
  }
}
