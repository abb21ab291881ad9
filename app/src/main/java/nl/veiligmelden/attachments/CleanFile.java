package nl.veiligmelden.attachments;

/** A file after cleaning: its kind (from its content) and its bytes, without metadata. */
public record CleanFile(FileKind kind, byte[] bytes) {}
