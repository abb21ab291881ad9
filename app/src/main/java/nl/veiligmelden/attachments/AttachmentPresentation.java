package nl.veiligmelden.attachments;

import java.util.List;
import java.util.function.IntFunction;
import nl.veiligmelden.config.AttachmentLimits;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.AttachmentsView;
import nl.veiligmelden.web.view.Option;

/**
 * What a reporter's files look like to people: why files were refused, the list on a page, and
 * the JSON of one stored file. Shared by the report form, the conversation and the case page.
 */
public final class AttachmentPresentation {
  private final AttachmentLimits limits;

  public AttachmentPresentation(AttachmentLimits limits) {
    this.limits = limits;
  }

  public AttachmentLimits limits() {
    return limits;
  }

  /**
   * The files of a report for a page. {@code hrefOf}: the download link of file n, or null where
   * the viewer does not download (the reporter).
   */
  public AttachmentsView view(Messages t, List<AttachmentStore.Stored> files, IntFunction<String> hrefOf, String error,
      String notice) {
    List<Option> rows = files.stream().map(f -> new Option(hrefOf == null ? "" : hrefOf.apply(f.n()),
        t.format("attachment.row", f.n(), t.get("attachment.kind." + f.kind().code()), f.size() / (1024.0 * 1024.0)),
        Formats.date(f.addedOn(), t))).toList();
    int room = Math.max(0, limits.maxFiles() - files.size());
    return new AttachmentsView(rows, room, limits.maxMegabytes(), limits.maxFiles(), error, notice);
  }

  /** One stored file in the JSON API: its place, kind, size and day; never a name. */
  public record StoredResponse(int n, String kind, long size, String addedOn) {}

  public static StoredResponse response(AttachmentStore.Stored s) {
    return new StoredResponse(s.n(), s.kind().code(), s.size(), s.addedOn().toString());
  }
}
