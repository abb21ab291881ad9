package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainSealTest {
  @TempDir Path keys;

  @Test
  void aSealCoversBothThePreviousLinkAndTheEvent() throws Exception {
    var seal = new ChainSeal(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    byte[] genesis = new byte[32];
    byte[] event = "1|report.open|VM-AAAA-BBBB".getBytes(StandardCharsets.UTF_8);
    byte[] mac = seal.seal(genesis, event);
    assertTrue(seal.verify(mac, genesis, event));
    assertFalse(seal.verify(mac, genesis, "1|report.open|VM-AAAA-BBBC".getBytes(StandardCharsets.UTF_8)));
    byte[] otherPrevious = genesis.clone();
    otherPrevious[0] = 1;
    assertFalse(seal.verify(mac, otherPrevious, event));
  }

  @Test
  void anotherInstallationsKeyCannotForgeALink(@TempDir Path other) throws Exception {
    var ours = new ChainSeal(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    var theirs = new ChainSeal(Keyring.openOrCreate(other, MasterKey.fromFile(other.resolve("master.key"))));
    byte[] event = "x".getBytes(StandardCharsets.UTF_8);
    assertFalse(ours.verify(theirs.seal(new byte[32], event), new byte[32], event));
  }
}
