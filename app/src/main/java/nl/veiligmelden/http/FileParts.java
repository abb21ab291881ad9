package nl.veiligmelden.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a multipart request, read from memory ({@link MultipartLimits} keeps every part
 * there): the bytes, and a name only to tell the sender which file was meant.
 */
public final class FileParts {
  /** One file as sent; {@code name} is the last part of the name the browser gave, cleaned, never stored. */
  public record FilePart(String name, byte[] bytes) {}

  private FileParts() {}

  /** The files of {@code field}, in order; a file input left empty sends a nameless empty part, which is no file. */
  public static List<FilePart> read(Context ctx, String field) throws IOException {
    if (!ctx.isMultipartFormData()) {
      return List.of();
    }
    var out = new ArrayList<FilePart>();
    for (UploadedFile file : ctx.uploadedFiles(field)) {
      String name = displayName(file.filename());
      if (name.isEmpty() && file.size() == 0) {
        continue;
      }
      try (InputStream in = file.content()) {
        out.add(new FilePart(name, in.readAllBytes()));
      }
    }
    return out;
  }

  /** The last part of the name the browser sent, without control characters, at most 80 characters. */
  static String displayName(String sent) {
    if (sent == null) {
      return "";
    }
    String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
    name = name.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    return name.length() > 80 ? name.substring(0, 80) + "…" : name;
  }
}
