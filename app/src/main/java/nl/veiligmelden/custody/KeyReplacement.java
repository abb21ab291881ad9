package nl.veiligmelden.custody;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ReportKey;

/**
 * A holder changes her password (docs/DESIGN.md, rule 9). Her private keys were sealed under what
 * the old one yields; a new password makes a new key pair, so that an old backup and the old
 * password open nothing new. In this one request, while both passwords are there, every report key
 * and contact half wrapped to the old key is wrapped to the new one and the old wraps go; the old
 * key vouches for the new one for the roles it was trusted for, so she needs no colleague to sign
 * again. The old key is retired: nothing new is wrapped to it.
 */
public final class KeyReplacement {
  private final Accounts accounts;
  private final KeyHolders holders;
  private final Directory directory;
  private final ReportKeys keys;
  private final AuditLog audit;

  public KeyReplacement(Accounts accounts, KeyHolders holders, Directory directory, ReportKeys keys, AuditLog audit) {
    this.accounts = accounts;
    this.holders = holders;
    this.directory = directory;
    this.keys = keys;
    this.audit = audit;
  }

  /** Changes the password; returns how many report keys moved to the new key pair. Her sessions end. */
  public int changePassword(HandlerSession who, String current, char[] chosen) throws SQLException, GeneralSecurityException {
    Accounts.Changed changed = accounts.changePassword(who.account(), current, chosen);
    Optional<HeldKeys> old = holders.open(who.account().id(), changed.before());
    if (old.isEmpty()) {
      if (holders.holdsKeys(who.account().roles())) {
        holders.replace(who.account().id(), changed.after());
      }
      return 0;
    }
    Optional<Directory.Trusted> trusted = Optional.ofNullable(directory.trust().trusted().get(old.get().keyId()));
    HeldKeys fresh = holders.replace(who.account().id(), changed.after());
    if (trusted.isPresent()) {
      directory.signSuccessor(old.get(), fresh.keyId(), fresh.keys().publicKeys(), who.account().id(), who.account().username(),
          trusted.get().roles());
    }
    int moved = 0;
    for (String reportId : keys.wrappedTo(old.get().keyId())) {
      Optional<ReportKey> key = keys.open(reportId, old.get());
      if (key.isPresent()) {
        keys.grant(key.get(), fresh.keyId(), fresh.keys().publicKeys());
        keys.forget(reportId, old.get().keyId());
        moved++;
      }
    }
    moved += keys.moveHalvesB(old.get(), fresh);
    audit.record(Optional.of(new Actor(who.account().id(), who.account().username())), AuditAction.HOLDER_KEY_REPLACED, Optional.empty(),
        Optional.of("key " + old.get().keyId() + " by key " + fresh.keyId() + " " + fresh.keys().publicKeys().fingerprint() + ", "
            + moved + " wrap(s) moved"));
    return moved;
  }
}
