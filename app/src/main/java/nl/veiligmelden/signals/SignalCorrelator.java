package nl.veiligmelden.signals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import nl.veiligmelden.crypto.TokenKind;

/**
 * Stores a new report's blind tokens and links it to every earlier report that shares one, with
 * the strength of the strongest shared token. Reports from the same source (the reporter linked
 * them with their code) are never linked: they are one voice, not corroboration.
 *
 * <p>Runs inside the transaction that stores the report, so a report never exists without its
 * tokens and links.
 */
public final class SignalCorrelator {
  private static final String INSERT_TOKEN = """
      INSERT IGNORE INTO signal_token (report_id, kind, token, role) VALUES (?, ?, ?, ?)
      """;
  /** Earlier reports sharing a person token with this one; the lookup index is (token, kind). */
  private static final String SHARED = """
      SELECT o.report_id, t.kind, r.unit, r.source_id, r.escrow,
             CASE WHEN r.routed_to IS NULL AND a.active AND FIND_IN_SET('vertrouwenspersoon', a.roles) > 0
                  THEN r.assigned_to END
        FROM signal_token t
        JOIN signal_token o ON o.token = t.token AND o.kind = t.kind AND o.report_id <> t.report_id
        JOIN report r ON r.id = o.report_id
        LEFT JOIN account a ON a.id = r.assigned_to
       WHERE t.report_id = ?
      """;
  private static final String SELF = """
      SELECT unit, source_id FROM report WHERE id = ?
      """;
  private static final String INSERT_LINK = """
      INSERT INTO signal_link (report_a, report_b, strength) VALUES (?, ?, ?)
      ON DUPLICATE KEY UPDATE strength = GREATEST(strength, VALUES(strength))
      """;

  /**
   * A link from the new report to an earlier one, with what the escrow release needs to know of
   * it. {@code otherAssignee}: the VP holding the other report, only when that is an active
   * vertrouwenspersoon on an ordinary report (not the ombudsfunctionaris after a transfer, not the
   * board contact): only such a VP may be handed an escrowed report.
   */
  public record Link(String otherId, LinkStrength strength, boolean otherInEscrow, Optional<Long> otherAssignee) {}

  public List<Link> record(Connection c, String reportId, List<ReportSignals.RoleToken> tokens) throws SQLException {
    if (tokens.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_TOKEN)) {
      for (ReportSignals.RoleToken t : tokens) {
        s.setString(1, reportId);
        s.setString(2, t.token().kind().code());
        s.setBytes(3, t.token().bytes());
        s.setString(4, t.role().code());
        s.addBatch();
      }
      s.executeBatch();
    }
    Optional<String> unit;
    String source;
    try (PreparedStatement s = c.prepareStatement(SELF)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        rs.next();
        unit = Optional.ofNullable(rs.getString(1));
        source = rs.getString(2);
      }
    }
    Map<String, Link> links = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(SHARED)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          String other = rs.getString(1);
          if (source.equals(rs.getString(4))) {
            continue;
          }
          // A kind no longer made (a report's place, before they were given up) links nothing.
          Optional<TokenKind> kind = TokenKind.fromCode(rs.getString(2));
          if (kind.isEmpty()) {
            continue;
          }
          boolean sameUnit = unit.isPresent() && Objects.equals(unit.get(), rs.getString(3));
          LinkStrength strength = LinkStrength.of(kind.get(), sameUnit);
          long assignee = rs.getLong(6);
          Optional<Long> assignedTo = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          Link link = new Link(other, strength, rs.getBoolean(5), assignedTo);
          links.merge(other, link, (a, b) -> a.strength().atLeast(b.strength()) ? a : b);
        }
      }
    }
    if (!links.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(INSERT_LINK)) {
        for (Link link : links.values()) {
          boolean first = reportId.compareTo(link.otherId()) < 0;
          s.setString(1, first ? reportId : link.otherId());
          s.setString(2, first ? link.otherId() : reportId);
          s.setInt(3, link.strength().level());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    return new ArrayList<>(links.values());
  }
}
