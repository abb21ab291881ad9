package nl.veiligmelden.web.view;

import java.util.List;

/**
 * A report's files on a page. {@code files}: one per file, {@code value} the download link (empty
 * where the viewer does not download), {@code label} what it is, {@code hint} the date. {@code
 * room}: how many more may be added; {@code error} and {@code notice}: after an upload ("" when
 * none). An empty {@code maxFiles} (0) means attachments are off.
 */
public record AttachmentsView(List<Option> files, int room, long maxMegabytes, int maxFiles, String error, String notice) {
  public static final AttachmentsView NONE = new AttachmentsView(List.of(), 0, 0, 0, "", "");

  public boolean enabled() {
    return maxFiles > 0;
  }
}
