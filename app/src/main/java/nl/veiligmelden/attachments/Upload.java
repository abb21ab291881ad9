package nl.veiligmelden.attachments;

/** A file as the browser or app sent it; {@code name} only to tell the reporter which file we mean, never stored. */
public record Upload(String name, byte[] bytes) {}
