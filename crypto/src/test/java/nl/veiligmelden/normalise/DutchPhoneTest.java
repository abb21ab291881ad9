package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DutchPhoneTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "06-12345678", "06 1234 5678", "+31 6 12345678", "0031612345678", "+31(0)6-12345678",
      "+31612345678", "+316 12345678", "+310612345678", "06.12.34.56.78", "06 12 34 56 78",
      "(06) 12345678", "0031 (0)6 1234 5678", " 0612345678 "})
  void dutchMobileNumbers(String raw) {
    assertEquals(Optional.of("+31612345678"), DutchPhone.normalise(raw), raw);
  }

  @Test
  void landlines() {
    assertEquals(Optional.of("+31201234567"), DutchPhone.normalise("020-1234567"));
    assertEquals(Optional.of("+31201234567"), DutchPhone.normalise("(020) 123 45 67"));
    assertEquals(Optional.of("+31501234567"), DutchPhone.normalise("050 - 123 45 67"));
  }

  @Test
  void foreignNumbersKeepTheirCountryCode() {
    assertEquals(Optional.of("+442079460958"), DutchPhone.normalise("+44 20 7946 0958"));
    assertEquals(Optional.of("+15551234567"), DutchPhone.normalise("+1 (555) 123-4567"));
    assertEquals(Optional.of("+32471123456"), DutchPhone.normalise("0032 471 12 34 56"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "hallo", "12-03-2026", "14:30", "2.14", "0612345", "06123456789", "+31 6 1234567", "612345678",
      "+0612345678", "06-1234567a", "123456789", "+12", "0800-1234", "+31 (0)6 1234 56789"})
  void garbageIsRefused(String raw) {
    assertEquals(Optional.empty(), DutchPhone.normalise(raw), raw);
  }
}
