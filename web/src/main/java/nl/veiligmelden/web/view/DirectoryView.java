package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The signed directory of recipients as a key holder sees it: the recovery key's fingerprint, her
 * own key's, and every colleague's key with who vouched for it. {@code changed}: the directory
 * changed since she last looked. {@code error}, {@code typedFor} and {@code typed}: a refused
 * signature, shown again beside the colleague's row with the fingerprint as it was typed, to compare.
 */
public record DirectoryView(Layout layout, String handlerName, String recoveryFingerprint, String ownFingerprint, boolean ownSigned,
    List<Row> keys, boolean changed, String error, String typedFor, String typed) {

  /** What was typed for this colleague's key when her signature was refused, or null (an empty field). */
  public String typedFor(Row row) {
    return row.username().equals(typedFor) && !error.isEmpty() ? typed : null;
  }

  /** One key: whose, for which roles, its fingerprint, since when, who signed it, and whether it is trusted now. */
  public record Row(String username, String name, String roles, String fingerprint, String since, String signedBy, String state,
      boolean waiting) {}
}
