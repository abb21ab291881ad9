package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static RecoveryKey key;
  private static RecoveryKey otherKey;
  private static List<RecoveryShare> shares;

  @BeforeAll
  static void split() throws Exception {
    key = RecoveryKey.generate();
    otherKey = RecoveryKey.generate();
    shares = key.split(3, 2, RANDOM);
  }

  @Test
  void everyPairOfThreeRestoresTheKeyAndItOpensWhatWasWrappedToIt(@TempDir Path keys) throws Exception {
    var vault = new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    ReportKey reportKey = vault.newKey("r1");
    var binding = new Binding("r1", "message", "1", "body");
    byte[] sealed = reportKey.seal(binding, "alleen met de noodsleutel");
    KeyWrap wrap = vault.wrap(reportKey, Recipient.recovery(1), key.publicKeys());

    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        if (i == j) {
          continue;
        }
        // As people bring them: typed back in from the printed text.
        var pair = List.of(RecoveryShare.parse(shares.get(i).text()), RecoveryShare.parse(shares.get(j).text()));
        RecoveryKey restored = RecoveryKey.combine(pair, key.publicKeys());
        assertEquals(key.publicKeys(), restored.publicKeys());
        assertEquals("alleen met de noodsleutel", vault.unwrap("r1", wrap, restored.keys()).open(binding, sealed));
      }
    }
    // All three do too.
    assertEquals(key.publicKeys(), RecoveryKey.combine(shares, key.publicKeys()).publicKeys());
  }

  @Test
  void oneShareOfThreeIsNotEnough() {
    for (RecoveryShare share : shares) {
      var e = assertThrows(GeneralSecurityException.class, () -> RecoveryKey.combine(List.of(share), key.publicKeys()));
      assertEquals("1 shares given, 2 needed", e.getMessage());
    }
    assertThrows(GeneralSecurityException.class, () -> RecoveryKey.combine(List.of(), key.publicKeys()));
  }

  @Test
  void theSameShareTwiceIsRefused() {
    var e = assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.combine(List.of(shares.get(0), shares.get(0)), key.publicKeys()));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void threeOfFiveTakesAnyThreeAndNoTwo() throws Exception {
    List<RecoveryShare> five = key.split(5, 3, RANDOM);
    for (int a = 0; a < 5; a++) {
      for (int b = a + 1; b < 5; b++) {
        var two = List.of(five.get(a), five.get(b));
        assertThrows(GeneralSecurityException.class, () -> RecoveryKey.combine(two, key.publicKeys()));
        for (int c = b + 1; c < 5; c++) {
          var three = List.of(five.get(c), five.get(a), five.get(b));
          assertEquals(key.publicKeys(), RecoveryKey.combine(three, key.publicKeys()).publicKeys());
        }
      }
    }
  }

  @Test
  void aFlippedCharacterAnywhereInAShareIsFoundWhenItIsRead() {
    String text = shares.get(1).text();
    int checked = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int value = Crockford.valueOf(c);
      boolean symbolOfAValue = value >= 0 && i > text.indexOf('\n') && isValuePosition(text, i);
      if (!symbolOfAValue && !Character.isDigit(c)) {
        continue;
      }
      char other = Character.isDigit(c) && !isValuePosition(text, i) ? (char) ('0' + (c - '0' + 1) % 10)
          : Crockford.symbol((value + 1) % 32);
      String typo = text.substring(0, i) + other + text.substring(i + 1);
      assertThrows(GeneralSecurityException.class, () -> RecoveryShare.parse(typo), "position " + i + ": " + typo);
      checked++;
    }
    assertTrue(checked > 52 + 20 + 4, "every symbol of key, data and check was changed once: " + checked);
  }

  @Test
  void aMistypedDataSymbolIsToldAsSuch() {
    String text = shares.get(0).text();
    int at = text.indexOf("data ") + 5;
    char wrong = Crockford.symbol((Crockford.valueOf(text.charAt(at)) + 1) % 32);
    var e = assertThrows(GeneralSecurityException.class,
        () -> RecoveryShare.parse(text.substring(0, at) + wrong + text.substring(at + 1)));
    assertTrue(e.getMessage().contains("mistyped"), e.getMessage());
    var missing = assertThrows(GeneralSecurityException.class,
        () -> RecoveryShare.parse(text.substring(0, at) + text.substring(at + 1)));
    assertTrue(missing.getMessage().contains("51"), missing.getMessage());
    var foreign = assertThrows(GeneralSecurityException.class,
        () -> RecoveryShare.parse(text.substring(0, at) + 'U' + text.substring(at + 1)));
    assertTrue(foreign.getMessage().contains("'U'"), foreign.getMessage());
    assertThrows(GeneralSecurityException.class, () -> RecoveryShare.parse("vm1 recovery public key\n" + text));
    assertThrows(GeneralSecurityException.class, () -> RecoveryShare.parse(text.replace("share 1\n", "")));
  }

  @Test
  void aShareReadsBackAsTypedLoosely() throws Exception {
    RecoveryShare share = shares.get(2);
    String text = share.text();
    assertTrue(text.startsWith("vm1 recovery share\nkey " + key.publicKeys().fingerprint() + "\nneeds 2 of 3\nshare 3\n"), text);
    // Typed from paper: lower case, O for 0 and l for 1 in the symbols, spaces for dashes, CRLF, indented.
    var loose = new StringBuilder("\n");
    for (String line : text.split("\n")) {
      boolean symbols = line.startsWith("key ") || line.startsWith("data ") || line.startsWith("check ");
      String typed = symbols ? line.toLowerCase().replace('0', 'o').replace('1', 'l').replace('-', ' ') : line.toUpperCase();
      loose.append("  ").append(typed).append("\r\n");
    }
    RecoveryShare parsed = RecoveryShare.parse(loose.toString());
    assertEquals(share.fingerprint(), parsed.fingerprint());
    assertEquals(3, parsed.number());
    assertEquals(2, parsed.threshold());
    assertEquals(3, parsed.count());
    assertArrayEquals(share.data(), parsed.data());
    assertEquals(text, parsed.text());
    assertTrue(!share.toString().contains(Crockford.encode(share.data()).substring(0, 8)));
  }

  @Test
  void sharesOfAnotherKeyDoNotCombine() {
    List<RecoveryShare> others = otherKey.split(3, 2, RANDOM);
    var e = assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.combine(List.of(shares.get(0), others.get(1)), key.publicKeys()));
    assertTrue(e.getMessage().contains("different recovery keys"), e.getMessage());
  }

  /** The server shows another public key as the institution's: the shares' fingerprint gives it away. */
  @Test
  void aSwappedRecoveryPublicKeyIsFound() {
    var e = assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.combine(List.of(shares.get(0), shares.get(1)), otherKey.publicKeys()));
    assertTrue(e.getMessage().contains(otherKey.publicKeys().fingerprint()), e.getMessage());
  }

  /** Shares that name the expected key but make another (forged, or of another split) are refused after combining. */
  @Test
  void sharesThatDoNotMakeTheExpectedKeyAreRefused() throws Exception {
    String fingerprint = key.publicKeys().fingerprint();
    List<RecoveryShare> others = otherKey.split(3, 2, RANDOM);
    var forged = List.of(new RecoveryShare(fingerprint, 2, 3, 1, others.get(0).data()),
        new RecoveryShare(fingerprint, 2, 3, 2, others.get(1).data()));
    var e = assertThrows(GeneralSecurityException.class, () -> RecoveryKey.combine(forged, key.publicKeys()));
    assertTrue(e.getMessage().contains("do not make the expected"), e.getMessage());

    List<RecoveryShare> secondSplit = key.split(3, 2, RANDOM);
    assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.combine(List.of(shares.get(0), secondSplit.get(1)), key.publicKeys()));
    assertEquals(key.publicKeys(), RecoveryKey.combine(List.of(secondSplit.get(0), secondSplit.get(2)), key.publicKeys()).publicKeys());
    // Different splits by threshold or count.
    List<RecoveryShare> threeOfFour = key.split(4, 3, RANDOM);
    assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.combine(List.of(shares.get(0), threeOfFour.get(1), threeOfFour.get(2)), key.publicKeys()));
  }

  @Test
  void theSplitMustNeedAtLeastTwo() {
    assertThrows(IllegalArgumentException.class, () -> key.split(3, 1, RANDOM));
    assertThrows(IllegalArgumentException.class, () -> key.split(2, 3, RANDOM));
    assertThrows(IllegalArgumentException.class, () -> key.split(256, 2, RANDOM));
  }

  @Test
  void thePublicKeyFileCarriesAndChecksItsFingerprint() throws Exception {
    String file = RecoveryKey.publicKeyFile(key.publicKeys());
    assertTrue(file.startsWith("vm1 recovery public key\nfingerprint " + key.publicKeys().fingerprint() + "\n"), file);
    assertEquals(key.publicKeys(), RecoveryKey.parsePublicKeyFile(file));
    assertEquals(key.publicKeys(), RecoveryKey.parsePublicKeyFile(file.replace("fingerprint", "FINGERPRINT").replace("\n", "\r\n")));

    String otherFile = RecoveryKey.publicKeyFile(otherKey.publicKeys());
    String otherHpke = otherFile.lines().filter(l -> l.startsWith("hpke ")).findFirst().orElseThrow();
    String ownHpke = file.lines().filter(l -> l.startsWith("hpke ")).findFirst().orElseThrow();
    assertThrows(GeneralSecurityException.class, () -> RecoveryKey.parsePublicKeyFile(file.replace(ownHpke, otherHpke)));
    String otherFingerprint = otherKey.publicKeys().fingerprint();
    assertThrows(GeneralSecurityException.class,
        () -> RecoveryKey.parsePublicKeyFile(file.replace(key.publicKeys().fingerprint(), otherFingerprint)));
    assertThrows(GeneralSecurityException.class, () -> RecoveryKey.parsePublicKeyFile(file.replace(ownHpke + "\n", "")));
    assertThrows(GeneralSecurityException.class, () -> RecoveryKey.parsePublicKeyFile(file.replace("vm1", "vm2")));
    assertThrows(GeneralSecurityException.class, () -> RecoveryKey.parsePublicKeyFile(file + ownHpke + "\n"));
  }

  private static boolean isValuePosition(String text, int i) {
    int lineStart = text.lastIndexOf('\n', i - 1) + 1;
    String line = text.substring(lineStart, text.indexOf('\n', i));
    return line.startsWith("key ") || line.startsWith("data ") || line.startsWith("check ")
        ? i - lineStart >= line.indexOf(' ') + 1
        : false;
  }
}
