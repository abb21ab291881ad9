package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneticKeysTest {
  /** Spellings of one surname; every two in a group must share a key. */
  private static final List<List<String>> VARIANTS = List.of(
      List.of("Dijkstra", "Dykstra", "Deijkstra"),
      List.of("Jansen", "Janssen", "Janszen"),
      List.of("Bakker", "Backer"),
      List.of("Visser", "Fisser"),
      List.of("Huisman", "Huysman"),
      List.of("Vries", "Fries"),
      List.of("Smit", "Smid", "Smith"),
      List.of("Hendriks", "Hendrikx", "Hendrix"),
      List.of("Meijer", "Meyer", "Meier"),
      List.of("Kok", "Cock"),
      List.of("Bruijn", "Bruin", "Bruyn"),
      List.of("Kuijpers", "Kuipers", "Kuypers"),
      List.of("Peters", "Pieters", "Peeters"),
      List.of("Heijden", "Heiden", "Heyden"),
      List.of("Klaassen", "Claassen", "Claasen"),
      List.of("Thijssen", "Tijssen", "Thyssen"),
      List.of("Zwart", "Swart"),
      List.of("Philips", "Filips"),
      List.of("Cornelissen", "Kornelissen"),
      List.of("Wijk", "Wyk"),
      List.of("Özdemir", "Ozdemir"));

  /** Different surnames; no two may share a key. */
  private static final List<String> DISTINCT = List.of(
      "Jansen", "Bakker", "Visser", "Vries", "Dijkstra", "Smit", "Meijer", "Mulder", "Boer", "Groot",
      "Bos", "Vos", "Hendriks", "Dekker", "Brouwer", "Wit", "Dijk", "Berg", "Broek", "Kok", "Kaya",
      "Yilmaz", "Willems", "Huisman", "Jong", "Leeuwen", "Vliet", "Velde", "Meer", "Prins", "Brands");

  private static boolean share(String a, String b) {
    Set<String> both = new HashSet<>(PhoneticKeys.of(a));
    both.retainAll(PhoneticKeys.of(b));
    return !both.isEmpty();
  }

  @Test
  void spellingVariantsShareAKey() {
    for (List<String> group : VARIANTS) {
      for (String a : group) {
        assertFalse(PhoneticKeys.of(a).isEmpty(), a);
        for (String b : group) {
          assertTrue(share(a, b), a + " / " + b);
        }
      }
    }
  }

  @Test
  void differentSurnamesDoNot() {
    for (int i = 0; i < DISTINCT.size(); i++) {
      for (int j = i + 1; j < DISTINCT.size(); j++) {
        assertFalse(share(DISTINCT.get(i), DISTINCT.get(j)), DISTINCT.get(i) + " / " + DISTINCT.get(j));
      }
    }
  }

  @Test
  void aFinalSIsADifferentFamilyName() {
    assertFalse(share("Mulder", "Mulders"));
    assertFalse(share("Smit", "Smits"));
  }

  @Test
  void theDutchFoldBeforeTheEncoder() {
    assertEquals("deikstra", PhoneticKeys.dutchFold("Dijkstra"));
    assertEquals("deikstra", PhoneticKeys.dutchFold("Dykstra"));
    assertEquals("meier", PhoneticKeys.dutchFold("Meyer"));
    assertEquals("kuipers", PhoneticKeys.dutchFold("Kuijpers"));
    assertEquals("hendriks", PhoneticKeys.dutchFold("Hendrikx"));
    assertEquals("smit", PhoneticKeys.dutchFold("Smid"));
    assertEquals("jansen", PhoneticKeys.dutchFold("Janszen"));
    assertEquals("kok", PhoneticKeys.dutchFold("Cock"));
    assertEquals("fiser", PhoneticKeys.dutchFold("Visser"));
  }

  @Test
  void nothingToEncode() {
    assertEquals(Set.of(), PhoneticKeys.of(""));
    assertEquals(Set.of(), PhoneticKeys.of("- '"));
  }
}
