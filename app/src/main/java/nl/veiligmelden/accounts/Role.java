package nl.veiligmelden.accounts;

import java.util.Arrays;
import java.util.Optional;

/** What a handler account may do. More roles (ombudsfunctionaris, beheerder, ...) follow in the workspace issue. */
public enum Role {
  VERTROUWENSPERSOON("vertrouwenspersoon");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Role> fromCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
