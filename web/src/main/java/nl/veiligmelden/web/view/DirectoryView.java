package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The signed directory of recipients as a key holder sees it: the recovery key's fingerprint, her
 * own key's, and every colleague's key with who vouched for it. {@code changed}: the directory
 * changed since she last looked. {@code error} and {@code typed}: a refused signature, shown again.
 */
public record DirectoryView(Layout layout, String handlerName, String recoveryFingerprint, String ownFingerprint, boolean ownSigned,
    List<Row> keys, boolean changed, String error, String typedFor) {

  /** One key: whose, for which roles, its fingerprint, since when, who signed it, and whether it is trusted now. */
  public record Row(String username, String name, String roles, String fingerprint, String since, String signedBy, String state,
      boolean waiting) {}
}
