package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocialHandleTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "@Jan_deVries", "instagram.com/jan_devries", "@jan_devries on insta", "@jan_devries op insta.",
      "https://www.instagram.com/jan_devries/?hl=nl", "Jan_deVries", "tiktok.com/@jan_devries",
      "https://x.com/Jan_deVries", "twitter.com/jan_devries/status/123", "snapchat.com/add/jan_devries",
      "https://www.instagram.com/stories/jan_devries/123/"})
  void oneAccountHowEverItIsWritten(String raw) {
    assertEquals(Optional.of("jan_devries"), SocialHandle.normalise(raw), raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linkedin.com/in/jan-de-vries", "https://nl.linkedin.com/in/Jan-de-Vries/"})
  void linkedInKeepsItsHyphens(String raw) {
    assertEquals(Optional.of("jan-de-vries"), SocialHandle.normalise(raw), raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@", "jan de vries", "instagram.com/p/ABC123/", "https://www.youtube.com/watch?v=abc", "@!"})
  void noAccount(String raw) {
    assertEquals(Optional.empty(), SocialHandle.normalise(raw), raw);
  }
}
