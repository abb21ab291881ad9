package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeLookupTest {
  @TempDir Path keys;

  @Test
  void sameCodeSameIdOtherCodeOtherIdDecoyMatchesNoCode() throws Exception {
    var lookup = new CodeLookup(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    var random = new SecureRandom();
    ReturnCode code = ReturnCode.generate(random);
    byte[] id = lookup.idOf(code);
    assertEquals(16, id.length);
    assertArrayEquals(id, lookup.idOf(ReturnCode.parse(code.grouped().toLowerCase()).orElseThrow()));
    assertFalse(Arrays.equals(id, lookup.idOf(ReturnCode.generate(random))));
    assertFalse(Arrays.equals(id, lookup.idOf(Optional.empty())));
    assertArrayEquals(lookup.idOf(Optional.empty()), lookup.idOf(Optional.empty()));
  }

  @Test
  void idsDependOnTheInstallationsKey(@TempDir Path other) throws Exception {
    ReturnCode code = ReturnCode.generate(new SecureRandom());
    var one = new CodeLookup(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    var two = new CodeLookup(Keyring.openOrCreate(other, MasterKey.fromFile(other.resolve("master.key"))));
    assertFalse(Arrays.equals(one.idOf(code), two.idOf(code)));
  }

  @Test
  void sessionTokensOpenOnlyUntampered() throws Exception {
    var sealer = new SessionSealer(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    String token = sealer.seal(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, sealer.open(token).orElseThrow());
    char last = token.charAt(token.length() - 2);
    String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    assertTrue(sealer.open(tampered).isEmpty());
    assertTrue(sealer.open("nonsense").isEmpty());
    assertTrue(sealer.open(null).isEmpty());
  }

  @Test
  void passwordsHashWithArgon2idAndCheck() {
    var hasher = new PasswordHasher();
    String hash = hasher.hash("correct horse battery staple");
    assertTrue(hash.startsWith("$argon2id$"), hash);
    assertTrue(hasher.matches("correct horse battery staple", hash));
    assertFalse(hasher.matches("correct horse battery stapler", hash));
    assertFalse(hasher.matches("x", "not a hash"));
    assertFalse(hasher.matchesNothing("anything"));
  }

  @Test
  void anUnknownAccountsCheckRunsArgon2idWithTheParametersOfARealHash() {
    String real = new PasswordHasher().hash("correct horse battery staple");
    String parameters = real.substring(0, real.lastIndexOf('$', real.lastIndexOf('$') - 1) + 1);
    assertEquals("$argon2id$v=19$m=65536,t=3,p=1$", parameters);
    assertTrue(PasswordHasher.DUMMY.startsWith(parameters), PasswordHasher.DUMMY);
  }
}
