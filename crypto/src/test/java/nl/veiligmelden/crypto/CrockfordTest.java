package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CrockfordTest {
  @Test
  void bytesEncodeFirstBitFirstAndDecodeBack() {
    assertEquals("", Crockford.encode(new byte[0]));
    assertEquals("Z", Crockford.encode(new byte[] {(byte) 0xf8}).substring(0, 1));
    assertEquals("ZW", Crockford.encode(new byte[] {(byte) 0xff}));
    assertEquals("0000000", Crockford.encode(new byte[4]));
    var random = new Random(3);
    for (int length = 0; length < 40; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String symbols = Crockford.encode(bytes);
      assertEquals((length * 8 + 4) / 5, symbols.length());
      assertArrayEquals(bytes, Crockford.decode(symbols, length).orElseThrow());
      assertArrayEquals(bytes, Crockford.decode(symbols.toLowerCase(), length).orElseThrow());
    }
  }

  @Test
  void decodingRefusesWrongLengthForeignSymbolsAndPaddingBits() {
    assertTrue(Crockford.decode("ZW", 1).isPresent());
    assertTrue(Crockford.decode("ZX", 1).isEmpty(), "padding bits set");
    assertTrue(Crockford.decode("ZWW", 1).isEmpty());
    assertTrue(Crockford.decode("Z", 1).isEmpty());
    assertTrue(Crockford.decode("Z-", 1).isEmpty());
    assertTrue(Crockford.decode("ZU", 1).isEmpty());
  }

  @Test
  void groupsOfFour() {
    assertEquals("ABCD-EFGH-J", Crockford.grouped("ABCDEFGHJ"));
    assertEquals("ABCD", Crockford.grouped("ABCD"));
  }
}
