package nl.veiligmelden.audit;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
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
      INSERT INTO audit_event (seq, occurred_at, actor_id, actor, action, subject, detail, mac)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String MOVE_HEAD = """
      UPDATE audit_head SET seq = ?, mac = ? WHERE id = 1
      """;
  private static final String ALL = """
      SELECT seq, occurred_at, actor_id, actor, action, subject, detail, mac FROM audit_event ORDER BY seq
      """;
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
      var event = new AuditEvent(seq, LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS), actor.map(Actor::id),
          actor.map(Actor::username).orElse("-"), action.code(), subject, detail);
      byte[] mac = seal.seal(previous, event.canonical());
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setLong(1, seq);
        s.setTimestamp(2, Timestamp.valueOf(event.occurredAt()));
        if (event.actorId().isPresent()) {
          s.setLong(3, event.actorId().get());
        } else {
          s.setNull(3, java.sql.Types.BIGINT);
        }
        s.setString(4, event.actor());
        s.setString(5, event.action());
        s.setString(6, subject.orElse(null));
        s.setString(7, detail.orElse(null));
        s.setBytes(8, mac);
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
      try (PreparedStatement s = c.prepareStatement(ALL); var rs = s.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (seq != expected) {
            return new Verdict(expected - 1, Optional.of(expected), "event " + expected + " is missing");
          }
          long actorId = rs.getLong(3);
          // Asked right after its own column: wasNull() answers for the last column read.
          Optional<Long> actor = rs.wasNull() ? Optional.empty() : Optional.of(actorId);
          var event = new AuditEvent(seq, rs.getTimestamp(2).toLocalDateTime(), actor, rs.getString(4), rs.getString(5),
              Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)));
          byte[] mac = rs.getBytes(8);
          if (!seal.verify(mac, previous, event.canonical())) {
            return new Verdict(expected - 1, Optional.of(seq), "event " + seq + " was changed, or one before it");
          }
          previous = mac;
          expected++;
        }
      }
      try (PreparedStatement s = c.prepareStatement(HEAD); var rs = s.executeQuery()) {
        rs.next();
        if (rs.getLong(1) != expected - 1 || !java.util.Arrays.equals(rs.getBytes(2), previous)) {
          return new Verdict(expected - 1, Optional.of(expected), "the log ends early: events after " + (expected - 1) + " are missing");
        }
      }
      return new Verdict(expected - 1, Optional.empty(), "intact");
    });
  }
}
