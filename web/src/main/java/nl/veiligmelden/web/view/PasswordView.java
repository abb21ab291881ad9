package nl.veiligmelden.web.view;

import java.util.Map;

/**
 * A handler changes her own password. {@code errors}: per field what is wrong ("current",
 * "password", "confirm"); {@code suggestion}: a generated passphrase of 100 bits for an account
 * that holds keys ("" otherwise).
 */
public record PasswordView(Layout layout, String handlerName, int minPassword, Map<String, String> errors, String suggestion) {
  public String error(String field) {
    return errors.getOrDefault(field, "");
  }
}
