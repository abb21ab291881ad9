package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.proto.EncryptedKeyset;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Envelope encryption: every report gets its own AES-256-GCM data key. Destroying every stored
 * form of that key destroys the report.
 *
 * <p>Two stored forms. The old one, {@link ReportKey#wrapped()}: the data key under the KEK alone,
 * with the report id as associated data, which the server opens by itself. The new one, a
 * {@link KeyWrap} per person who may read the report: the data key wrapped to the reporter's
 * return code, to a holder's HPKE key, or to the recovery key, and that inside an outer layer under
 * the KEK. The server alone opens no KeyWrap: it needs the code, or a holder's private keys, which
 * open only with the holder's password or session token. The rule is "the server alone opens
 * nothing"; the old form stays until the server is moved over.
 *
 * <p>Every stored form names the KEK key its outer layer is under (Tink's five-byte prefix), so a
 * rotation can tell which rows still need rewrapping, and a retirement which keys are still in
 * use, without unwrapping anything.
 */
public final class ReportVault {
  // Tink's output prefix: one version byte, then the four-byte id of the key that encrypted.
  private static final byte TINK_PREFIX = 0x01;
  // What a KeyWrap holds, bound into its inner layer: a wrap of one kind never opens as another.
  static final String REPORT_KEY = "report key";
  static final String CONTACT_KEY = "contact key";
  static final String CONTACT_HALF = "contact key half";

  private final Keyring keyring;

  public ReportVault(Keyring keyring) {
    this.keyring = keyring;
  }

  /**
   * A fresh data key, with no form the server could open alone: it is wrapped only to people and
   * to the code (docs/DESIGN.md, rule 9).
   */
  public ReportKey newKey(String reportId) throws GeneralSecurityException {
    return new ReportKey(reportId, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), Optional.empty());
  }

  /**
   * A fresh data key with the KEK-only form every report had before zero access: for building
   * such reports (the migration's tests, benchmarks of old data), never for intake.
   */
  public ReportKey newKeyAsBeforeZeroAccess(String reportId) throws GeneralSecurityException {
    KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keyring.kek(), associatedData(reportId));
    return new ReportKey(reportId, dataKey, Optional.of(wrapped));
  }

  public ReportKey open(String reportId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle dataKey = underKek(kek -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kek, associatedData(reportId)));
    return new ReportKey(reportId, dataKey, Optional.of(wrapped.clone()));
  }

  /** The same data key wrapped again under the KEK's current primary key (after a rotation). */
  public byte[] rewrap(String reportId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle dataKey = underKek(kek -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kek, associatedData(reportId)));
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keyring.kek(), associatedData(reportId));
  }

  /** True when the wrapped key is not under the KEK's primary key, so a rewrap would move it. */
  public boolean needsRewrap(byte[] wrapped) {
    OptionalInt id = kekIdOf(wrapped);
    return id.isEmpty() || id.getAsInt() != keyring.kekPrimaryId();
  }

  /** The id of the KEK key this data key is wrapped under; empty for bytes that are no wrapped key. */
  public static OptionalInt kekIdOf(byte[] wrapped) {
    try {
      return prefixId(EncryptedKeyset.parseFrom(wrapped, ExtensionRegistryLite.getEmptyRegistry())
          .getEncryptedKeyset().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      return OptionalInt.empty();
    }
  }

  // --- the data key wrapped to people ---

  /**
   * The data key wrapped to a holder or the recovery key: HPKE to {@code publicKeys}, with the
   * report and the recipient as context, then under the KEK. The caller vouches that
   * {@code publicKeys} are the recipient's (a {@link HolderCertificate} or the fingerprint).
   */
  public KeyWrap wrap(ReportKey key, Recipient to, HolderPublicKeys publicKeys) throws GeneralSecurityException {
    return wrapToHolder(REPORT_KEY, key.reportId(), to, publicKeys, serialise(key.dataKey()));
  }

  /** The data key wrapped to the reporter's return code, then under the KEK. */
  public KeyWrap wrap(ReportKey key, ReturnCode code) throws GeneralSecurityException {
    return wrap(key, CodeKey.of(code, key.reportId()));
  }

  /** The data key wrapped to what the return code yields for this report, then under the KEK. */
  public KeyWrap wrap(ReportKey key, CodeKey code) throws GeneralSecurityException {
    return wrapToCode(REPORT_KEY, key.reportId(), code, serialise(key.dataKey()));
  }

  /** The data key from a wrap to a holder or the recovery key, opened with that holder's keys. */
  public ReportKey unwrap(String reportId, KeyWrap wrap, HolderKeys holder) throws GeneralSecurityException {
    return reportKey(reportId, unwrapWithHolder(REPORT_KEY, reportId, wrap, holder));
  }

  /** The data key from the wrap to the return code, opened with the code the reporter typed. */
  public ReportKey unwrapWithCode(String reportId, KeyWrap wrap, ReturnCode code) throws GeneralSecurityException {
    return unwrapWithCode(reportId, wrap, CodeKey.of(code, reportId));
  }

  /** The data key from the wrap to the return code, opened with what the code yields (a reporter's session). */
  public ReportKey unwrapWithCode(String reportId, KeyWrap wrap, CodeKey code) throws GeneralSecurityException {
    return reportKey(reportId, unwrapWithCode(REPORT_KEY, reportId, wrap, code));
  }

  // --- the contact key wrapped to people (see ContactKey) ---

  /** The whole contact key wrapped to the recovery key (or a holder), like the data key. */
  public KeyWrap wrapContactKey(String reportId, ContactKey key, Recipient to, HolderPublicKeys publicKeys)
      throws GeneralSecurityException {
    return wrapToHolder(CONTACT_KEY, reportId, to, publicKeys, key.bytes());
  }

  /** The whole contact key wrapped to the reporter's return code: the reporter sees their own contact details. */
  public KeyWrap wrapContactKey(String reportId, ContactKey key, ReturnCode code) throws GeneralSecurityException {
    return wrapContactKey(reportId, key, CodeKey.of(code, reportId));
  }

  public KeyWrap wrapContactKey(String reportId, ContactKey key, CodeKey code) throws GeneralSecurityException {
    return wrapToCode(CONTACT_KEY, reportId, code, key.bytes());
  }

  public ContactKey unwrapContactKey(String reportId, KeyWrap wrap, HolderKeys holder) throws GeneralSecurityException {
    return ContactKey.of(unwrapWithHolder(CONTACT_KEY, reportId, wrap, holder));
  }

  public ContactKey unwrapContactKeyWithCode(String reportId, KeyWrap wrap, ReturnCode code) throws GeneralSecurityException {
    return unwrapContactKeyWithCode(reportId, wrap, CodeKey.of(code, reportId));
  }

  public ContactKey unwrapContactKeyWithCode(String reportId, KeyWrap wrap, CodeKey code) throws GeneralSecurityException {
    return ContactKey.of(unwrapWithCode(CONTACT_KEY, reportId, wrap, code));
  }

  /**
   * Half B of a contact key wrapped to one keeper ({@link Recipient.Kind#HOLDER} only). Half A
   * goes under the report's data key instead ({@link ReportKey#sealContactHalf}); refused here, so
   * that no one person ever gets both halves by a slip in the wiring.
   */
  public KeyWrap wrapContactHalf(String reportId, ContactKey.Half half, Recipient to, HolderPublicKeys publicKeys)
      throws GeneralSecurityException {
    if (half.side() != ContactKey.Side.B || to.kind() != Recipient.Kind.HOLDER) {
      throw new GeneralSecurityException("only half B of a contact key is wrapped, and only to a holder");
    }
    return wrapToHolder(CONTACT_HALF, reportId, to, publicKeys, half.bytes());
  }

  public ContactKey.Half unwrapContactHalf(String reportId, KeyWrap wrap, HolderKeys holder) throws GeneralSecurityException {
    return ContactKey.Half.of(ContactKey.Side.B, unwrapWithHolder(CONTACT_HALF, reportId, wrap, holder));
  }

  // --- recovery, offline: the inner layer travels without the KEK ---

  /**
   * The inner layer of a wrap to the recovery key, for the offline recovery tool, which holds the
   * recovery key's shares but not the KEK. The server (which holds the KEK) takes the outer layer
   * off; what leaves opens only with the recovery key.
   */
  public byte[] innerOf(String reportId, KeyWrap wrap) throws GeneralSecurityException {
    if (wrap.recipient().kind() != Recipient.Kind.RECOVERY) {
      throw new GeneralSecurityException("only wraps to the recovery key leave the server for recovery");
    }
    return openOuter(reportId, wrap);
  }

  /**
   * Offline: the data key in a recovery wrap's inner layer, wrapped anew to a holder (her new key,
   * signed), still without an outer layer. Needs the recovery key, not the KEK.
   */
  public static byte[] rewrapInner(String reportId, long recoveryKeyId, byte[] inner, HolderKeys recovery, Recipient to,
      HolderPublicKeys publicKeys) throws GeneralSecurityException {
    if (to.kind() != Recipient.Kind.HOLDER) {
      throw new GeneralSecurityException("recovery gives a report back to a holder");
    }
    byte[] dataKey = recovery.decrypt(inner, innerData(REPORT_KEY, reportId, Recipient.recovery(recoveryKeyId)));
    try {
      // Checked to be a report key before it is passed on.
      reportKey(reportId, dataKey.clone());
      return publicKeys.encrypt(dataKey, innerData(REPORT_KEY, reportId, to));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** Back on the server: an inner layer made offline, under the KEK as every wrap is. */
  public KeyWrap outerFor(String reportId, Recipient to, byte[] inner) throws GeneralSecurityException {
    return outer(reportId, to, inner);
  }

  // --- the outer layer ---

  /**
   * The same wrap with its outer layer under the KEK's current primary key (after a rotation).
   * The inner layer is not opened, and cannot be: that needs the recipient.
   */
  public KeyWrap rewrapOuter(String reportId, KeyWrap wrap) throws GeneralSecurityException {
    byte[] outerData = outerData(reportId, wrap.recipient());
    byte[] inner = underKek(kek -> kek.decrypt(wrap.sealedBytes(), outerData));
    return new KeyWrap(wrap.recipient(), keyring.kek().encrypt(inner, outerData));
  }

  /** True when the wrap's outer layer is not under the KEK's primary key, so {@link #rewrapOuter} would move it. */
  public boolean needsRewrap(KeyWrap wrap) {
    OptionalInt id = kekIdOf(wrap);
    return id.isEmpty() || id.getAsInt() != keyring.kekPrimaryId();
  }

  /** The id of the KEK key the wrap's outer layer is under; empty for bytes that are no wrap. */
  public static OptionalInt kekIdOf(KeyWrap wrap) {
    return prefixId(wrap.sealedBytes());
  }

  private KeyWrap wrapToHolder(String subject, String reportId, Recipient to, HolderPublicKeys publicKeys, byte[] secret)
      throws GeneralSecurityException {
    if (to.kind() == Recipient.Kind.CODE) {
      throw new GeneralSecurityException("a wrap to the return code needs the code, not a public key");
    }
    try {
      return outer(reportId, to, publicKeys.encrypt(secret, innerData(subject, reportId, to)));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private KeyWrap wrapToCode(String subject, String reportId, CodeKey code, byte[] secret) throws GeneralSecurityException {
    Recipient to = Recipient.code();
    requireFor(code, reportId);
    try {
      return outer(reportId, to, code.forSubject(subject).seal(secret, innerData(subject, reportId, to)));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private byte[] unwrapWithHolder(String subject, String reportId, KeyWrap wrap, HolderKeys holder)
      throws GeneralSecurityException {
    if (wrap.recipient().kind() == Recipient.Kind.CODE) {
      throw new GeneralSecurityException("a wrap to the return code opens with the code only");
    }
    return holder.decrypt(openOuter(reportId, wrap), innerData(subject, reportId, wrap.recipient()));
  }

  private byte[] unwrapWithCode(String subject, String reportId, KeyWrap wrap, CodeKey code)
      throws GeneralSecurityException {
    if (wrap.recipient().kind() != Recipient.Kind.CODE) {
      throw new GeneralSecurityException("a wrap to a holder opens with the holder's keys only");
    }
    requireFor(code, reportId);
    return code.forSubject(subject).open(openOuter(reportId, wrap), innerData(subject, reportId, wrap.recipient()));
  }

  private static void requireFor(CodeKey code, String reportId) throws GeneralSecurityException {
    if (!code.reportId().equals(reportId)) {
      throw new GeneralSecurityException("the code key is another report's");
    }
  }

  private KeyWrap outer(String reportId, Recipient to, byte[] inner) throws GeneralSecurityException {
    return new KeyWrap(to, keyring.kek().encrypt(inner, outerData(reportId, to)));
  }

  private byte[] openOuter(String reportId, KeyWrap wrap) throws GeneralSecurityException {
    byte[] outerData = outerData(reportId, wrap.recipient());
    return underKek(kek -> kek.decrypt(wrap.sealedBytes(), outerData));
  }

  /** The inner layer's HPKE context or associated data: what is wrapped, for which report, to whom. */
  private static byte[] innerData(String subject, String reportId, Recipient to) {
    return new Canonical("vm1 " + subject).add(reportId).add("to").add(to.kind().name()).add(to.keyId()).bytes();
  }

  /** The outer layer's associated data: report, kind and recipient, so a wrap moved to another row does not open. */
  private static byte[] outerData(String reportId, Recipient to) {
    return new Canonical("vm1 key wrap under kek").add(reportId).add(to.kind().name()).add(to.keyId()).bytes();
  }

  private static byte[] serialise(KeysetHandle dataKey) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get());
  }

  private static ReportKey reportKey(String reportId, byte[] serialised) throws GeneralSecurityException {
    try {
      KeysetHandle dataKey = TinkProtoKeysetFormat.parseKeyset(serialised, InsecureSecretKeyAccess.get());
      Algorithms.requireSingle(dataKey, AesGcmKey.class, PredefinedAeadParameters.AES256_GCM, "a report key");
      return new ReportKey(reportId, dataKey, Optional.empty());
    } finally {
      Arrays.fill(serialised, (byte) 0);
    }
  }

  private static OptionalInt prefixId(byte[] ciphertext) {
    if (ciphertext.length < 5 || ciphertext[0] != TINK_PREFIX) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16)
        | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff));
  }

  private interface KekStep<T> {
    T apply(Aead kek) throws GeneralSecurityException;
  }

  /**
   * Runs a step that opens something under the KEK; on a failure reads the KEK again once and
   * retries, because the failure may only mean that another process rotated the KEK and rewrapped
   * this row a moment ago. Retries whenever the KEK now differs from the one the step used, not
   * only when this thread's read changed it: several requests miss together after a rotation, and
   * the first to read the KEK again leaves nothing changed for the others to see.
   */
  private <T> T underKek(KekStep<T> step) throws GeneralSecurityException {
    Aead used = keyring.kek();
    try {
      return step.apply(used);
    } catch (GeneralSecurityException e) {
      try {
        keyring.refreshKek();
      } catch (IOException io) {
        e.addSuppressed(io);
        throw e;
      }
      Aead now = keyring.kek();
      if (now == used) {
        throw e;
      }
      return step.apply(now);
    }
  }

  private static byte[] associatedData(String reportId) {
    return ("vm1 report data key " + reportId).getBytes(StandardCharsets.UTF_8);
  }
}
