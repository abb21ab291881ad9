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
 * them, with rows that grow with the reports, not with their square. Nor does the link step read
 * a crowded token's holders, whose number grows with how often a person is named: it finds those
 * in escrow by the token ({@code signal_escrow}), and ranks the rest only when a release needs a
 * VP from among them.
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
   * is always among them. {@code holders} counts them all. {@code %s}: the tokens not crowded
   * ({@code NOT}, in {@link #FIRST_LOOK}), whose holders are few, or the crowded ones, whose
   * holders are read and ranked only when a release needs them: their number grows with how often
   * a person is named.
   */
  private static final String HOLDERS = """
      SELECT report_id, kind, token, unit, source_id, escrow, assignee, holders, FALSE AS escrowed_of_crowded FROM (
        SELECT o.report_id, t.kind, t.token, r.unit, r.source_id, r.escrow,
               CASE WHEN r.routed_to IS NULL AND a.active AND FIND_IN_SET('vertrouwenspersoon', a.roles) > 0
                    THEN r.assigned_to END AS assignee,
               COUNT(*) OVER (PARTITION BY t.kind, t.token) AS holders,
               ROW_NUMBER() OVER (PARTITION BY t.kind, t.token
                                  ORDER BY r.escrow DESC, r.unit <=> ? DESC, r.assigned_to IS NULL, o.report_id) AS n
          FROM signal_token t
          JOIN signal_token o ON o.token = t.token AND o.kind = t.kind AND o.report_id <> t.report_id
          JOIN report r ON r.id = o.report_id
          LEFT JOIN account a ON a.id = r.assigned_to
         WHERE t.report_id = ? AND t.kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
           AND %s EXISTS (SELECT 1 FROM signal_crowded c WHERE c.kind = t.kind AND c.token = t.token)
      ) h
       WHERE n <= ? OR escrow
      """;
  private static final String CROWDED_HOLDERS = HOLDERS.formatted("");
  /**
   * The holders of the tokens not crowded, and the holders in escrow of the crowded ones, found by
   * the token ({@code signal_escrow}) with the others unread: one statement, as most link steps
   * need no other.
   */
  private static final String FIRST_LOOK = HOLDERS.formatted("NOT") + """
      UNION ALL
      SELECT e.report_id, t.kind, t.token, r.unit, r.source_id, TRUE, NULL, 0, TRUE
        FROM signal_token t
        JOIN signal_crowded c ON c.kind = t.kind AND c.token = t.token
        JOIN signal_escrow e ON e.kind = t.kind AND e.token = t.token AND e.report_id <> t.report_id
        JOIN report r ON r.id = e.report_id AND r.escrow
       WHERE t.report_id = ? AND t.kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
      """;
  private static final String INSERT_ESCROWED = """
      INSERT IGNORE INTO signal_escrow (kind, token, report_id) VALUES (?, ?, ?)
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

  /** What a link step found: whether the report itself waits in escrow, and the links the escrow release needs (see {@link #link}), strongest first. */
  public record Linking(boolean inEscrow, List<Link> links) {}

  /**
   * Stores a new report's tokens, inside the transaction that stores the report; for a report in
   * escrow, its linking tokens also in {@code signal_escrow}, where a later report finds it.
   */
  public void store(Connection c, String reportId, List<ReportSignals.RoleToken> tokens, boolean inEscrow) throws SQLException {
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
    if (!inEscrow) {
      return;
    }
    List<ReportSignals.RoleToken> linking = tokens.stream().filter(t -> LINKING.contains(t.token().kind())).toList();
    if (!linking.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(INSERT_ESCROWED)) {
        for (ReportSignals.RoleToken t : linking) {
          s.setString(1, t.token().kind().code());
          s.setBytes(2, t.token().bytes());
          s.setString(3, reportId);
          s.addBatch();
        }
        s.executeBatch();
      }
    }
  }

  /**
   * Links a stored report to the other reports sharing a token with it at medium or strong, in the
   * caller's transaction: stores the pairs (of tokens not crowded), marks tokens that have become
   * crowded, and returns the links the escrow release needs, strongest first, with whether the
   * report waits in escrow. Those are every link through a token not crowded; through a crowded
   * token, its holders in escrow, and only when something is to be released (this report or one
   * of those) the others too, ranked as above, from which the release picks the VP.
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
    var found = new Found(unit, source);
    holders(c, FIRST_LOOK, reportId, found, false);
    if (inEscrow || found.links.values().stream().anyMatch(Link::otherInEscrow)) {
      holders(c, CROWDED_HOLDERS, reportId, found, true);
    }
    if (!found.newlyCrowded.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(INSERT_CROWDED)) {
        for (var e : found.newlyCrowded.entrySet()) {
          s.setString(1, e.getKey().substring(0, e.getKey().indexOf(':')));
          s.setBytes(2, e.getValue());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    if (!found.pairs.isEmpty()) {
      // In the order of the rows' keys: two link steps writing the same rows take their locks alike.
      var rows = new TreeMap<String, String[]>();
      found.pairs.forEach((other, strength) -> {
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
    var out = new ArrayList<>(found.links.values());
    out.sort(Comparator.comparingInt((Link l) -> l.strength().level()).reversed().thenComparing(Link::otherId));
    return new Linking(inEscrow, out);
  }

  /** Reads holders through {@link #FIRST_LOOK} or {@link #CROWDED_HOLDERS} into {@code found}. */
  private static void holders(Connection c, String query, String reportId, Found found, boolean crowdedTokens) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setString(1, found.unit.orElse(null));
      s.setString(2, reportId);
      s.setInt(3, CROWDED);
      if (!crowdedTokens) {
        s.setString(4, reportId); // FIRST_LOOK's second part
      }
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          // Counting this report: a token held by more than CROWDED reports is crowded.
          boolean markedCrowded = crowdedTokens || rs.getBoolean(9);
          boolean crowded = markedCrowded || rs.getInt(8) + 1 > CROWDED;
          if (crowded && !markedCrowded && TokenKind.fromCode(rs.getString(2)).isPresent()) {
            byte[] token = rs.getBytes(3);
            found.newlyCrowded.put(rs.getString(2) + ":" + HexFormat.of().formatHex(token), token);
          }
          long assignee = rs.getLong(7);
          Optional<Long> assignedTo = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          found.add(rs.getString(1), rs.getString(2), rs.getString(4), rs.getString(5), rs.getBoolean(6), assignedTo, !crowded);
        }
      }
    }
  }

  /** What one link step has found so far: links by the other report, pairs to store, tokens become crowded. */
  private static final class Found {
    final Optional<String> unit;
    final String source;
    final Map<String, Link> links = new HashMap<>();
    final Map<String, LinkStrength> pairs = new HashMap<>();
    final Map<String, byte[]> newlyCrowded = new TreeMap<>();

    Found(Optional<String> unit, String source) {
      this.unit = unit;
      this.source = source;
    }

    void add(String other, String kindCode, String otherUnit, String otherSource, boolean otherInEscrow, Optional<Long> assignee,
        boolean pair) {
      Optional<TokenKind> kind = TokenKind.fromCode(kindCode);
      if (kind.isEmpty() || source.equals(otherSource)) {
        return;
      }
      boolean sameUnit = unit.isPresent() && Objects.equals(unit.get(), otherUnit);
      LinkStrength strength = LinkStrength.of(kind.get(), sameUnit);
      if (!strength.atLeast(LinkStrength.MEDIUM)) {
        return;
      }
      links.merge(other, new Link(other, strength, otherInEscrow, assignee), (a, b) -> a.strength().atLeast(b.strength()) ? a : b);
      if (pair) {
        pairs.merge(other, strength, (a, b) -> a.atLeast(b) ? a : b);
      }
    }
  }
}
