package nl.veiligmelden.crypto;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The private keys of one key holder: a handler who may read content, or the institution's
 * recovery key. An HPKE key opens report keys wrapped to the holder; an Ed25519 key signs what
 * the holder vouches for (a colleague's keys, see {@link HolderCertificate}).
 *
 * <p>Stored only {@link #sealed} under a key the holder brings: the {@link PasswordKeys} sealing
 * key at rest, a {@link SessionSealing} key while signed in. So the server alone opens no report.
 * The private keysets never leave this class in the clear.
 */
public final class HolderKeys {
  private static final byte CONTAINER_VERSION = 1;
  private static final String HPKE_PART = "hpke";
  private static final String SIGNING_PART = "signing";

  static {
    Algorithms.registered();
  }

  private final KeysetHandle hpke;
  private final KeysetHandle signing;
  private final HybridDecrypt decrypt;
  private final PublicKeySign sign;
  private final HolderPublicKeys publicKeys;

  private HolderKeys(KeysetHandle hpke, KeysetHandle signing) throws GeneralSecurityException {
    Algorithms.requireSingle(hpke, HpkePrivateKey.class, Algorithms.HPKE, "the HPKE key");
    Algorithms.requireSingle(signing, Ed25519PrivateKey.class, Algorithms.SIGNING, "the signing key");
    this.hpke = hpke;
    this.signing = signing;
    this.decrypt = hpke.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
    this.sign = signing.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    this.publicKeys = HolderPublicKeys.of(hpke, signing);
  }

  /** Fresh keys for a new holder. */
  public static HolderKeys generate() throws GeneralSecurityException {
    return new HolderKeys(KeysetHandle.generateNew(Algorithms.HPKE), KeysetHandle.generateNew(Algorithms.SIGNING));
  }

  /**
   * Keys made from a 32-byte seed, the same keys (and key ids) from the same seed every time: what
   * the recovery key's shares restore ({@link RecoveryKey}). Each key is HKDF of the seed under its
   * own label.
   */
  static HolderKeys fromSeed(byte[] seed) throws GeneralSecurityException {
    byte[] hpkePrivate = Algorithms.hkdf(seed, new byte[0], "vm1 seeded hpke key", 32);
    byte[] signingSeed = Algorithms.hkdf(seed, new byte[0], "vm1 seeded signing key", 32);
    ByteBuffer ids = ByteBuffer.wrap(Algorithms.hkdf(seed, new byte[0], "vm1 seeded key ids", 8));
    try {
      var hpkePublic = HpkePublicKey.create(Algorithms.HPKE,
          Bytes.copyFrom(X25519.publicFromPrivate(hpkePrivate)), ids.getInt());
      var hpkeKey = HpkePrivateKey.create(hpkePublic, SecretBytes.copyFrom(hpkePrivate, InsecureSecretKeyAccess.get()));
      var signingPublic = Ed25519PublicKey.create(Algorithms.SIGNING.getVariant(),
          Bytes.copyFrom(Ed25519Sign.KeyPair.newKeyPairFromSeed(signingSeed).getPublicKey()), ids.getInt());
      var signingKey = Ed25519PrivateKey.create(signingPublic, SecretBytes.copyFrom(signingSeed, InsecureSecretKeyAccess.get()));
      return new HolderKeys(
          KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(hpkeKey).makePrimary()).build(),
          KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(signingKey).makePrimary()).build());
    } finally {
      Arrays.fill(hpkePrivate, (byte) 0);
      Arrays.fill(signingSeed, (byte) 0);
    }
  }

  public HolderPublicKeys publicKeys() {
    return publicKeys;
  }

  /**
   * Both private keysets, each encrypted under {@code key} (Tink's encrypted keyset) with
   * {@code associatedData} and its own part name, in a length-prefixed container. Bind the
   * associated data to the place it is stored (account, session), so that sealed keys copied
   * onto another account do not open.
   */
  public byte[] sealed(SealingKey key, byte[] associatedData) throws GeneralSecurityException {
    byte[] sealedHpke = TinkProtoKeysetFormat.serializeEncryptedKeyset(hpke, key.aead(), partData(HPKE_PART, associatedData));
    byte[] sealedSigning = TinkProtoKeysetFormat.serializeEncryptedKeyset(signing, key.aead(), partData(SIGNING_PART, associatedData));
    var out = new ByteArrayOutputStream();
    out.write(CONTAINER_VERSION);
    writePart(out, sealedHpke);
    writePart(out, sealedSigning);
    return out.toByteArray();
  }

  /** The keys {@link #sealed} under the same key and associated data; anything else is refused. */
  public static HolderKeys open(byte[] sealed, SealingKey key, byte[] associatedData) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(sealed);
    if (!in.hasRemaining() || in.get() != CONTAINER_VERSION) {
      throw new GeneralSecurityException("sealed holder keys of an unknown version");
    }
    byte[] sealedHpke = readPart(in);
    byte[] sealedSigning = readPart(in);
    if (in.hasRemaining()) {
      throw new GeneralSecurityException("sealed holder keys with trailing bytes");
    }
    return new HolderKeys(
        TinkProtoKeysetFormat.parseEncryptedKeyset(sealedHpke, key.aead(), partData(HPKE_PART, associatedData)),
        TinkProtoKeysetFormat.parseEncryptedKeyset(sealedSigning, key.aead(), partData(SIGNING_PART, associatedData)));
  }

  /** Ed25519 with Tink's key-id prefix; checked by {@link HolderPublicKeys#verify}. */
  public byte[] sign(byte[] message) throws GeneralSecurityException {
    return sign.sign(message);
  }

  /** Opens what was {@link HolderPublicKeys#encrypt encrypted} to this holder under the same context. */
  /** A text sealed to this holder by {@link HolderPublicKeys#sealText}, at the same place. */
  public String openText(Binding binding, byte[] sealed) throws GeneralSecurityException {
    return new String(decrypt(sealed, HolderPublicKeys.textContext(binding)), StandardCharsets.UTF_8);
  }

  byte[] decrypt(byte[] ciphertext, byte[] contextInfo) throws GeneralSecurityException {
    return decrypt.decrypt(ciphertext, contextInfo);
  }

  private static byte[] partData(String part, byte[] associatedData) {
    return new Canonical("vm1 holder keys").add(part).add(associatedData).bytes();
  }

  private static void writePart(ByteArrayOutputStream out, byte[] part) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
    out.writeBytes(part);
  }

  private static byte[] readPart(ByteBuffer in) throws GeneralSecurityException {
    if (in.remaining() < 4) {
      throw new GeneralSecurityException("sealed holder keys cut short");
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new GeneralSecurityException("sealed holder keys cut short");
    }
    byte[] part = new byte[length];
    in.get(part);
    return part;
  }

  @Override
  public String toString() {
    return "HolderKeys[" + publicKeys.fingerprint() + "]";
  }
}
