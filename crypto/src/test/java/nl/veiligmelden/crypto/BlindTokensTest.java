package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.crypto.SignalValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class BlindTokensTest {
  @TempDir Path keys;

  private Keyring keyring(Path directory) throws Exception {
    return Keyring.openOrCreate(directory, MasterKey.fromFile(directory.resolve("master.key")));
  }

  @Test
  void tokensAreSixteenBytesAndDeterministic() throws Exception {
    var tokens = new BlindTokens(keyring(keys));
    BlindToken token = tokens.of(TokenKind.PERSON_NAME, "jan vries");
    assertEquals(16, token.bytes().length);
    assertEquals(TokenKind.PERSON_NAME, token.kind());
    assertEquals(token, tokens.of(TokenKind.PERSON_NAME, "jan vries"));
    assertNotEquals(token, tokens.of(TokenKind.PERSON_NAME, "piet vries"));
  }

  @Test
  void theSameKeysDirectoryGivesTheSameTokensAfterReopening() throws Exception {
    BlindToken first = new BlindTokens(keyring(keys)).of(TokenKind.EMAIL, "jan@example.nl");
    BlindToken again = new BlindTokens(keyring(keys)).of(TokenKind.EMAIL, "jan@example.nl");
    assertEquals(first, again);
    assertTrue(Files.exists(keys.resolve("signals.json")));
  }

  @Test
  void anotherInstallationGivesOtherTokens(@TempDir Path other) throws Exception {
    BlindToken here = new BlindTokens(keyring(keys)).of(TokenKind.PHONE, "+31612345678");
    BlindToken there = new BlindTokens(keyring(other)).of(TokenKind.PHONE, "+31612345678");
    assertNotEquals(here, there);
    assertFalse(Arrays.equals(here.bytes(), there.bytes()));
  }

  @Test
  void kindsAreSeparated() throws Exception {
    var tokens = new BlindTokens(keyring(keys));
    var seen = new HashSet<String>();
    for (TokenKind kind : TokenKind.values()) {
      assertTrue(seen.add(HexFormat.of().formatHex(tokens.of(kind, "jansen").bytes())), kind + " repeats another kind's token");
    }
  }

  @Test
  void tokenIsTheTruncatedPrfOfKindZeroByteValueUnderTheSignalsKeyset() throws Exception {
    Keyring keyring = keyring(keys);
    var tokens = new BlindTokens(keyring);
    for (String value : List.of("jan vries", "özdemir a", "")) {
      var input = new ByteArrayOutputStream();
      input.writeBytes("surname-initial".getBytes(StandardCharsets.US_ASCII));
      input.write(0);
      input.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      byte[] expected = keyring.signals().getFirst().computePrimary(input.toByteArray(), 16);
      assertArrayEquals(expected, tokens.of(TokenKind.SURNAME_INITIAL, value).bytes(), value);
    }
  }

  @Test
  void signalsKeysetIsNotTheBlindPrfKeyset() throws Exception {
    Keyring keyring = keyring(keys);
    byte[] input = "name\0jan jansen".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Arrays.equals(keyring.signals().getFirst().computePrimary(input, 16), keyring.blindPrf().computePrimary(input, 16)));
    assertSame(keyring.signals(), keyring.signals(), "the primitives are built once");
  }

  @Test
  void afterARenewalATokenIsTheNextKeysetsPrfOverThePreviousToken() throws Exception {
    Keyring keyring = keyring(keys);
    BlindToken first = new BlindTokens(keyring).of(TokenKind.PHONE, "+31612345678");
    var renewal = SignalKeyRenewal.begin(keyring);
    renewal.complete();
    Keyring after = keyring(keys);
    var input = new ByteArrayOutputStream();
    input.writeBytes("phone".getBytes(StandardCharsets.US_ASCII));
    input.write(0);
    input.writeBytes(first.bytes());
    byte[] expected = after.signals().get(1).computePrimary(input.toByteArray(), 16);
    BlindToken now = new BlindTokens(after).of(TokenKind.PHONE, "+31612345678");
    assertArrayEquals(expected, now.bytes());
    assertEquals(1, new BlindTokens(after).generation());
    assertNotEquals(first, now);
  }

  @Test
  void blindTokenComparesByContent() {
    byte[] bytes = new byte[16];
    bytes[0] = 0x12;
    bytes[1] = 0x34;
    bytes[15] = 0x7f;
    var one = new BlindToken(TokenKind.HANDLE, bytes);
    var two = new BlindToken(TokenKind.HANDLE, bytes.clone());
    assertEquals(one, two);
    assertEquals(one.hashCode(), two.hashCode());
    assertTrue(Set.of(one).contains(two));
    assertNotEquals(one, new BlindToken(TokenKind.EMAIL, bytes));
    byte[] other = bytes.clone();
    other[15] = 0;
    assertNotEquals(one, new BlindToken(TokenKind.HANDLE, other));
  }

  @Test
  void blindTokenIsAValueAndDoesNotPrintItsBytes() {
    byte[] bytes = new byte[16];
    Arrays.fill(bytes, (byte) 0xab);
    var token = new BlindToken(TokenKind.EMAIL, bytes);
    bytes[0] = 0;
    assertEquals((byte) 0xab, token.bytes()[0], "copied in");
    token.bytes()[1] = 0;
    assertEquals((byte) 0xab, token.bytes()[1], "copied out");
    String text = token.toString();
    assertTrue(text.contains("email") && text.contains("abab"), text);
    assertFalse(text.contains("ab".repeat(16)), text);
    assertThrows(IllegalArgumentException.class, () -> new BlindToken(TokenKind.EMAIL, new byte[15]));
  }

  @Test
  void aCollectionOfValuesGivesOneTokenPerDistinctValue() throws Exception {
    var tokens = new BlindTokens(keyring(keys));
    Set<BlindToken> set = tokens.of(List.of(
        new SignalValue(TokenKind.PERSON_NAME, "jan vries"),
        new SignalValue(TokenKind.PERSON_NAME, "jan vries"),
        new SignalValue(TokenKind.SURNAME_INITIAL, "vries j")));
    assertEquals(2, set.size());
    assertTrue(set.contains(tokens.of(TokenKind.SURNAME_INITIAL, "vries j")));
  }

  @Test
  void kindCodesRoundTrip() {
    assertEquals("name", TokenKind.PERSON_NAME.code());
    assertEquals("surname-initial", TokenKind.SURNAME_INITIAL.code());
    assertEquals("phonetic", TokenKind.PHONETIC.code());
    assertEquals("email", TokenKind.EMAIL.code());
    assertEquals("phone", TokenKind.PHONE.code());
    assertEquals("handle", TokenKind.HANDLE.code());
    assertEquals(6, TokenKind.values().length, "only what a person is called or reached by");
    assertEquals(Optional.empty(), TokenKind.fromCode("place"), "no longer a kind");
    for (TokenKind kind : TokenKind.values()) {
      assertEquals(Optional.of(kind), TokenKind.fromCode(kind.code()));
    }
    assertEquals(Optional.empty(), TokenKind.fromCode("PERSON_NAME"));
    assertEquals(Optional.empty(), TokenKind.fromCode("nonsense"));
  }
}
