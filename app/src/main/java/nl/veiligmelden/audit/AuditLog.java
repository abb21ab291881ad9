package nl.veiligmelden.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.db.Database;
/**
 * Appends events to the hash-chained audit log and verifies the chain. Appends take the head
 * row's lock, so the chain stays a line even with several nodes on one database.
 */
public final class AuditLog {
  private static final String LOCK_HEAD = """
      SELECT seq, mac FROM audit_head WHERE id = 1 FOR UPDATE
      """;
  private static final String INSERT = """
      INSERT INTO audit_event (seq, occurred_at, actor_id, actor, action, subject, detail, mac, subject_salt, subject_digest)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String MOVE_HEAD = """
      UPDATE audit_head SET seq = ?, mac = ? WHERE id = 1
      """;
  private static final String ALL = """
      SELECT seq, occurred_at, actor_id, actor, action, subject, detail, mac, subject_salt, subject_digest FROM audit_event ORDER BY seq
      """;
  /** Blanks a deleted report's reference from its events; the digest the chain covers stays. */
  private static final String FORGET_SUBJECT = """
      UPDATE audit_event SET subject = NULL, subject_salt = NULL WHERE subject = ?
      """;
  private static final SecureRandom SALTS = new SecureRandom();
  private static final String HEAD = """
      SELECT seq, mac FROM audit_head WHERE id = 1
      """;

  private final Database database;
  private final ChainSeal seal;
  private final Clock clock;

  public AuditLog(Database database, ChainSeal seal, Clock clock) {
    this.database = database;
    this.seal = seal;
    this.clock = clock;
  }

  public void record(Optional<Actor> actor, AuditAction action, Optional<String> subject, Optional<String> detail)
      throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      long seq;
      byte[] previous;
      try (PreparedStatement s = c.prepareStatement(LOCK_HEAD); var rs = s.executeQuery()) {
        rs.next();
        seq = rs.getLong(1) + 1;
        previous = rs.getBytes(2);
      }
      byte[] salt = null;
      Optional<byte[]> digest = Optional.empty();
      if (subject.isPresent()) {
        salt = new byte[16];
        SALTS.nextBytes(salt);
        digest = Optional.of(digest(salt, subject.get()));
      }
      var event = new AuditEvent(seq, LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS), actor.map(Actor::id),
          actor.map(Actor::username).orElse("-"), action.code(), subject, detail, digest);
      byte[] mac = seal.seal(previous, event.canonical());
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setLong(1, seq);
        s.setTimestamp(2, Timestamp.valueOf(event.occurredAt()));
        if (event.actorId().isPresent()) {
          s.setLong(3, event.actorId().get());
        } else {
          s.setNull(3, Types.BIGINT);
        }
        s.setString(4, event.actor());
        s.setString(5, event.action());
        s.setString(6, subject.orElse(null));
        s.setString(7, detail.orElse(null));
        s.setBytes(8, mac);
        s.setBytes(9, salt);
        s.setBytes(10, digest.orElse(null));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(MOVE_HEAD)) {
        s.setLong(1, seq);
        s.setBytes(2, mac);
        s.executeUpdate();
      }
      return null;
    });
  }

  public void record(Actor actor, AuditAction action, String subject) throws SQLException, GeneralSecurityException {
    record(Optional.of(actor), action, Optional.of(subject), Optional.empty());
  }

  /**
   * Removes a subject (a deleted report's reference) from every event that names it, in the
   * caller's transaction. The events stay, with who did what and when.
   */
  public int forgetSubject(Connection c, String subject) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FORGET_SUBJECT)) {
      s.setString(1, subject);
      return s.executeUpdate();
    }
  }

  /** Actions whose subject is a report's reference: the only events a deletion blanks. */
  private static boolean namesAReport(String action) {
    return action.startsWith("report.") || action.startsWith("case.") || action.startsWith("identity.")
        || action.equals(AuditAction.ESCROW_RELEASED.code());
  }

  private static byte[] digest(byte[] salt, String subject) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update("vm2 audit subject".getBytes(StandardCharsets.UTF_8));
      sha.update(salt);
      sha.update(subject.getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@link #verify} found: how many events held, and the first one that did not. */
  public record Verdict(long events, Optional<Long> firstBroken, String reason) {
    public boolean intact() {
      return firstBroken.isEmpty();
    }
  }

  public Verdict verify() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      byte[] previous = new byte[0];
      long expected = 1;
      long forgottenOld = 0;
      try (PreparedStatement s = c.prepareStatement(ALL); var rs = s.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (seq != expected) {
            return new Verdict(expected - 1, Optional.of(expected), "event " + expected + " is missing");
          }
          long actorId = rs.getLong(3);
          // Asked right after its own column: wasNull() answers for the last column read.
          Optional<Long> actor = rs.wasNull() ? Optional.empty() : Optional.of(actorId);
          Optional<String> subject = Optional.ofNullable(rs.getString(6));
          byte[] salt = rs.getBytes(9);
          Optional<byte[]> digest = Optional.ofNullable(rs.getBytes(10));
          var event = new AuditEvent(seq, rs.getTimestamp(2).toLocalDateTime(), actor, rs.getString(4), rs.getString(5),
              subject, Optional.ofNullable(rs.getString(7)), digest);
          byte[] mac = rs.getBytes(8);
          // A subject still present must be the one the chained digest was made from; a blanked
          // one (a deleted report) is checked through its digest alone.
          if (digest.isPresent() && subject.isPresent()
              && (salt == null || !MessageDigest.isEqual(digest.get(), digest(salt, subject.get())))) {
            return new Verdict(expected - 1, Optional.of(seq), "event " + seq + " was changed, or one before it");
          }
          if (!seal.verify(mac, previous, event.canonical())) {
            // Events from before V20 chained the reference itself: once their report is deleted
            // and the reference blanked, only their place in the chain can be checked.
            if (digest.isPresent() || subject.isPresent() || !namesAReport(event.action())) {
              return new Verdict(expected - 1, Optional.of(seq), "event " + seq + " was changed, or one before it");
            }
            forgottenOld++;
          }
          previous = mac;
          expected++;
        }
      }
      try (PreparedStatement s = c.prepareStatement(HEAD); var rs = s.executeQuery()) {
        rs.next();
        if (rs.getLong(1) != expected - 1 || !Arrays.equals(rs.getBytes(2), previous)) {
          return new Verdict(expected - 1, Optional.of(expected), "the log ends early: events after " + (expected - 1) + " are missing");
        }
      }
      return new Verdict(expected - 1, Optional.empty(), forgottenOld == 0 ? "intact"
          : "intact; " + forgottenOld + " event(s) written before V20 lost a deleted report's reference, and only their place in the chain is checked");
    });
  }
}
