package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "jan.devries@example.nl", " Jan.DeVries@Example.NL ", "<jan.devries@example.nl>", "mailto:jan.devries@example.nl",
      "MAILTO:Jan.deVries@example.nl", "< mailto:jan.devries@example.nl >", "mailto:jan.devries@example.nl?subject=hoi"})
  void oneAddressHowEverItIsPasted(String raw) {
    assertEquals(Optional.of("jan.devries@example.nl"), EmailAddress.normalise(raw), raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"j.devries+werk@gmail.com", "o'brien@example.ie", "jan@sub.example.co.uk"})
  void unusualButValid(String raw) {
    assertEquals(Optional.of(raw), EmailAddress.normalise(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "geen mail", "jan@", "@example.nl", "jan@localhost", "jan@@example.nl", "jan..x@example.nl",
      ".jan@example.nl", "jan.@example.nl", "jan de vries@example.nl", "jan@example.1"})
  void notAnAddress(String raw) {
    assertEquals(Optional.empty(), EmailAddress.normalise(raw), raw);
  }
}
