package nl.veiligmelden.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three grounds for sharing outside the institution (seed 000, lines 452-460): it must (a
 * legal duty), it may (the person's consent), it can (a conflict of duties). On the third the
 * board decides (lines 462-466).
 */
public enum SharingGround {
  WETTELIJKE_PLICHT("wettelijke-plicht"),
  TOESTEMMING("toestemming"),
  CONFLICT_VAN_PLICHTEN("conflict-van-plichten");

  private final String code;

  SharingGround(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<SharingGround> fromCode(String code) {
    return Arrays.stream(values()).filter(g -> g.code.equals(code)).findFirst();
  }
}
