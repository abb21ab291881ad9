package nl.veiligmelden.planted.attachments;

import nl.veiligmelden.planted.intake.PlantedDraft;

/** Planted: attachments using intake, which the table forbids. */
public final class PlantedThumbnails {
  public int count(PlantedDraft draft) {
    return draft.hashCode() & 1;
  }
}
