package nl.veiligmelden.signals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import nl.veiligmelden.crypto.TokenKind;

/**
 * A report's blind tokens (the postings: token → reports, in {@code signal_token}) and the links
 * they make to earlier reports. Reports from the same source (the reporter linked them with their
 * code) are never linked: they are one voice, not corroboration.
 *
 * <p>Two steps, so that no submission waits for another (docs/DESIGN.md, "The report pipeline"):
 * {@link #store} writes the tokens inside the transaction that stores the report; {@link #link}
 * runs after that commit, in a short transaction of its own, and looks for every other holder of
 * each token. Of two reports filed at the same moment, the one committed second links to the
 * first in its own link step, which starts after both commits: no pair is missed, whatever the
 * order, and the link step may run twice (a crash, the catch-up job) without changing anything.
 *
 * <p>Only medium and strong evidence is kept as pairs ({@code signal_link}): weak relations (a
 * phonetic key, surname and initial in another unit) are computed from the postings when asked
 * ({@link TokenRelations}). A token held by more than {@link #CROWDED} reports makes no more
 * pairs: it is recorded as crowded ({@code signal_crowded}), and {@link SignalClusters} joins its
 * holders through the token itself, which gives the same clusters as a pair for every two of
 * them, with rows that grow with the reports, not with their square.
 */
public final class SignalCorrelator {
  /** Holders of one token beyond which it makes no more pairs (docs/BENCHMARKS.md, "Intake under load"). */
  public static final int CROWDED = 32;

  /** The kinds that can make a medium or strong link; a phonetic key alone is only ever weak. */
  static final Set<TokenKind> LINKING = Set.of(TokenKind.PERSON_NAME, TokenKind.EMAIL, TokenKind.PHONE, TokenKind.HANDLE,
      TokenKind.SURNAME_INITIAL);

  private static final String INSERT_TOKEN = """
      INSERT IGNORE INTO signal_token (report_id, kind, token, role) VALUES (?, ?, ?, ?)
      """;
  private static final String SELF = """
      SELECT unit, source_id, escrow FROM report WHERE id = ?
      """;
  /**
   * The other holders of each of the report's linking tokens, at most {@link #CROWDED} per token
   * (and every one in escrow, which a link may have to release): those in escrow first, then those
   * in the same unit, then those a vertrouwenspersoon holds, so that what the escrow release needs
   * is always among them. {@code holders} counts them all.
   */
  private static final String HOLDERS = """
      SELECT report_id, kind, token, unit, source_id, escrow, assignee, holders, crowded FROM (
        SELECT o.report_id, t.kind, t.token, r.unit, r.source_id, r.escrow,
               CASE WHEN r.routed_to IS NULL AND a.active AND FIND_IN_SET('vertrouwenspersoon', a.roles) > 0
                    THEN r.assigned_to END AS assignee,
               COUNT(*) OVER (PARTITION BY t.kind, t.token) AS holders,
               ROW_NUMBER() OVER (PARTITION BY t.kind, t.token
                                  ORDER BY r.escrow DESC, r.unit <=> ? DESC, r.assigned_to IS NULL, o.report_id) AS n,
               c.token IS NOT NULL AS crowded
          FROM signal_token t
          JOIN signal_token o ON o.token = t.token AND o.kind = t.kind AND o.report_id <> t.report_id
          JOIN report r ON r.id = o.report_id
          LEFT JOIN account a ON a.id = r.assigned_to
          LEFT JOIN signal_crowded c ON c.kind = t.kind AND c.token = t.token
         WHERE t.report_id = ? AND t.kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
      ) h
       WHERE n <= ? OR escrow
      """;
  private static final String INSERT_LINK = """
      INSERT INTO signal_link (report_a, report_b, strength) VALUES (?, ?, ?)
      ON DUPLICATE KEY UPDATE strength = GREATEST(strength, VALUES(strength))
      """;
  private static final String INSERT_CROWDED = """
      INSERT IGNORE INTO signal_crowded (kind, token) VALUES (?, ?)
      """;

  /**
   * A link from the report to another, with what the escrow release needs to know of it. {@code
   * otherAssignee}: the VP holding the other report, only when that is an active
   * vertrouwenspersoon on an ordinary report (not the ombudsfunctionaris after a transfer, not the
   * board contact): only such a VP may be handed an escrowed report.
   */
  public record Link(String otherId, LinkStrength strength, boolean otherInEscrow, Optional<Long> otherAssignee) {}

  /** What a link step found: whether the report itself waits in escrow, and its links, strongest first. */
  public record Linking(boolean inEscrow, List<Link> links) {}

  /** Stores a new report's tokens, inside the transaction that stores the report. */
  public void store(Connection c, String reportId, List<ReportSignals.RoleToken> tokens) throws SQLException {
    if (tokens.isEmpty()) {
      return;
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
  }

  /**
   * Links a stored report to the other reports sharing a token with it at medium or strong, in the
   * caller's transaction: stores the pairs (of tokens not crowded), marks tokens that have become
   * crowded, and returns every link found, strongest first, with whether the report waits in
   * escrow, for the escrow release.
   */
  public Linking link(Connection c, String reportId) throws SQLException {
    Optional<String> unit;
    String source;
    boolean inEscrow;
    try (PreparedStatement s = c.prepareStatement(SELF)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return new Linking(false, List.of()); // deleted before it was linked
        }
        unit = Optional.ofNullable(rs.getString(1));
        source = rs.getString(2);
        inEscrow = rs.getBoolean(3);
      }
    }
    Map<String, Link> links = new HashMap<>();
    Map<String, LinkStrength> pairs = new HashMap<>();
    Map<String, byte[]> newlyCrowded = new TreeMap<>();
    try (PreparedStatement s = c.prepareStatement(HOLDERS)) {
      s.setString(1, unit.orElse(null));
      s.setString(2, reportId);
      s.setInt(3, CROWDED);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          Optional<TokenKind> kind = TokenKind.fromCode(rs.getString(2));
          if (kind.isEmpty()) {
            continue;
          }
          // Counting this report: a token held by more than CROWDED reports is crowded.
          boolean crowded = rs.getBoolean(9) || rs.getInt(8) + 1 > CROWDED;
          if (crowded && !rs.getBoolean(9)) {
            newlyCrowded.put(kind.get().code() + ":" + HexFormat.of().formatHex(rs.getBytes(3)), rs.getBytes(3));
          }
          String other = rs.getString(1);
          if (source.equals(rs.getString(5))) {
            continue;
          }
          boolean sameUnit = unit.isPresent() && Objects.equals(unit.get(), rs.getString(4));
          LinkStrength strength = LinkStrength.of(kind.get(), sameUnit);
          if (!strength.atLeast(LinkStrength.MEDIUM)) {
            continue;
          }
          long assignee = rs.getLong(7);
          Optional<Long> assignedTo = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          links.merge(other, new Link(other, strength, rs.getBoolean(6), assignedTo), (a, b) -> a.strength().atLeast(b.strength()) ? a : b);
          if (!crowded) {
            pairs.merge(other, strength, (a, b) -> a.atLeast(b) ? a : b);
          }
        }
      }
    }
    if (!newlyCrowded.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(INSERT_CROWDED)) {
        for (var e : newlyCrowded.entrySet()) {
          s.setString(1, e.getKey().substring(0, e.getKey().indexOf(':')));
          s.setBytes(2, e.getValue());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    if (!pairs.isEmpty()) {
      // In the order of the rows' keys: two link steps writing the same rows take their locks alike.
      var rows = new TreeMap<String, String[]>();
      pairs.forEach((other, strength) -> {
        String a = reportId.compareTo(other) < 0 ? reportId : other;
        String b = a.equals(reportId) ? other : reportId;
        rows.put(a + b, new String[] {a, b, Integer.toString(strength.level())});
      });
      try (PreparedStatement s = c.prepareStatement(INSERT_LINK)) {
        for (String[] row : rows.values()) {
          s.setString(1, row[0]);
          s.setString(2, row[1]);
          s.setInt(3, Integer.parseInt(row[2]));
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    var out = new ArrayList<>(links.values());
    out.sort(Comparator.comparingInt((Link l) -> l.strength().level()).reversed().thenComparing(Link::otherId));
    return new Linking(inEscrow, out);
  }
}
