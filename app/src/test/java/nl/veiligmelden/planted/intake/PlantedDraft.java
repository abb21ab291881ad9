package nl.veiligmelden.planted.intake;

import nl.veiligmelden.planted.attachments.PlantedThumbnails;

/** Planted: intake using attachments, which uses intake back (a cycle). */
public final class PlantedDraft {
  public int files(PlantedThumbnails thumbnails) {
    return thumbnails.count(this);
  }
}
