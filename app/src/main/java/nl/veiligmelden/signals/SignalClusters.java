package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.TokenKind;
import nl.veiligmelden.db.Database;

/**
 * Recurring signals for the ombudsfunctionaris: groups of reports joined by strong or medium
 * links, with at least {@code threshold} independent sources. The links are the stored pairs and,
 * for a token held by more reports than are paired ({@link SignalCorrelator#CROWDED}), the token
 * itself: its holders are joined as if every two of them were linked. What a cluster shows is counted,
 * never named: sources, categories, units, the roles of the person involved, first and last
 * month, the strength, and which VPs hold its cases. Its id is keyed and opaque, so it cannot be
 * traced to a report reference. Reports in escrow are not in any cluster, not even as a count;
 * nor are reports about a board member, which are the Supervisory Board's, not the OF's.
 */
public final class SignalClusters {
  private static final String LINKS = """
      SELECT l.report_a, l.report_b, l.strength
        FROM signal_link l
        JOIN report a ON a.id = l.report_a
        JOIN report b ON b.id = l.report_b
       WHERE l.strength >= 2 AND NOT a.escrow AND NOT b.escrow AND a.routed_to IS NULL AND b.routed_to IS NULL
      """;
  /** The holders of crowded tokens, which are joined through the token instead of pair by pair. */
  private static final String CROWDED_HOLDERS = """
      SELECT t.kind, t.token, t.report_id
        FROM signal_crowded c
        JOIN signal_token t ON t.token = c.token AND t.kind = c.kind
      """;
  /** Every report a link or a crowded token may put in a cluster. */
  private static final String CANDIDATES = """
      (SELECT report_a AS id FROM signal_link WHERE strength >= 2
       UNION SELECT report_b FROM signal_link WHERE strength >= 2
       UNION SELECT t.report_id FROM signal_crowded c JOIN signal_token t ON t.token = c.token AND t.kind = c.kind)
      """;
  private static final String LINKED_REPORTS = """
      SELECT r.id, r.source_id, r.category, r.unit, r.submitted_on, r.assigned_to, a.username
        FROM %s l
        JOIN report r ON r.id = l.id
        LEFT JOIN account a ON a.id = r.assigned_to
       WHERE NOT r.escrow AND r.routed_to IS NULL
      """.formatted(CANDIDATES);
  /** The tokens of the people involved in these reports, read only for the clusters shown. */
  private static final String MEMBER_TOKENS = """
      SELECT report_id, kind, token, role FROM signal_token WHERE role IS NOT NULL AND report_id IN (%s)
      """;

  /** A member report, as much as the OF's view and the meeting request need. */
  public record Member(String reportId, String sourceId, String category, Optional<String> unit, LocalDate submittedOn,
      Optional<Long> assigneeId, Optional<String> assignee) {}

  /** One recurring signal. {@code members} is for the server's own use (meeting requests), never shown. */
  public record Cluster(String id, int sources, LinkStrength strength, Set<String> categories, Set<String> units,
      Set<String> roles, YearMonth firstMonth, YearMonth lastMonth, Set<String> handlers, List<Member> members) {}

  private final Database database;
  private final KeyedIds keyedIds;
  private final int threshold;

  public SignalClusters(Database database, KeyedIds keyedIds, int threshold) {
    this.database = database;
    this.keyedIds = keyedIds;
    this.threshold = threshold;
  }

  public int threshold() {
    return threshold;
  }

  public Optional<Cluster> byId(String id) throws SQLException, GeneralSecurityException {
    return current().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** How many recurring signals there are now, without what each shows (the insights snapshot's count). */
  public int count() throws SQLException, GeneralSecurityException {
    return components().shown().size();
  }

  public List<Cluster> current() throws SQLException, GeneralSecurityException {
    Components components = components();
    // Only the clusters shown need the tokens of their people, each cluster its own reports' only:
    // read for those reports and kept by report, not every candidate's scanned for every cluster.
    Map<String, List<RoleToken>> tokens =
        roleTokens(components.shown().values().stream().flatMap(List::stream).map(Member::reportId).toList());
    var out = new ArrayList<Cluster>();
    for (var group : components.shown().entrySet()) {
      out.add(cluster(group.getValue(), components.strongest().getOrDefault(group.getKey(), 2), tokens));
    }
    out.sort(Comparator.comparingInt(Cluster::sources).reversed().thenComparing(Cluster::lastMonth, Comparator.reverseOrder())
        .thenComparing(Cluster::id));
    return out;
  }

  /** The groups with at least {@code threshold} sources, by their root report, and the strongest link in each. */
  private record Components(Map<String, List<Member>> shown, Map<String, Integer> strongest) {}

  private Components components() throws SQLException, GeneralSecurityException {
    record Edge(String a, String b, int strength) {}
    record Holding(String group, TokenKind kind, String reportId) {}
    var edges = new ArrayList<Edge>();
    var members = new HashMap<String, Member>();
    var crowded = new ArrayList<Holding>();
    database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(LINKS); var rs = s.executeQuery()) {
        while (rs.next()) {
          edges.add(new Edge(rs.getString(1), rs.getString(2), rs.getInt(3)));
        }
      }
      try (PreparedStatement s = c.prepareStatement(CROWDED_HOLDERS); var rs = s.executeQuery()) {
        while (rs.next()) {
          Optional<TokenKind> kind = TokenKind.fromCode(rs.getString(1));
          if (kind.isPresent()) {
            crowded.add(new Holding(rs.getString(1) + ":" + HexFormat.of().formatHex(rs.getBytes(2)), kind.get(), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(LINKED_REPORTS); var rs = s.executeQuery()) {
        while (rs.next()) {
          long assignee = rs.getLong(6);
          Optional<Long> assigneeId = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          members.put(rs.getString(1), new Member(rs.getString(1), rs.getString(2), rs.getString(3),
              Optional.ofNullable(rs.getString(4)), rs.getDate(5).toLocalDate(), assigneeId, Optional.ofNullable(rs.getString(7))));
        }
      }
      return null;
    });
    // A crowded token joins its holders as a link for every two of them would (SignalCorrelator):
    // within a unit for surname and initial, once at least two sources hold it.
    var groups = new HashMap<String, List<Member>>();
    var groupStrength = new HashMap<String, Integer>();
    for (Holding h : crowded) {
      Member m = members.get(h.reportId());
      if (m == null) {
        continue;
      }
      String group = h.group();
      if (h.kind() == TokenKind.SURNAME_INITIAL) {
        if (m.unit().isEmpty()) {
          continue;
        }
        group += "@" + m.unit().get();
      }
      groups.computeIfAbsent(group, k -> new ArrayList<>()).add(m);
      groupStrength.put(group, LinkStrength.of(h.kind(), true).level());
    }
    var parent = new HashMap<String, String>();
    var strongest = new HashMap<String, Integer>();
    for (Edge e : edges) {
      if (members.containsKey(e.a()) && members.containsKey(e.b())) {
        union(parent, e.a(), e.b());
      }
    }
    for (var group : groups.entrySet()) {
      List<Member> holders = group.getValue();
      if (holders.stream().map(Member::sourceId).distinct().count() >= 2) {
        for (Member m : holders) {
          union(parent, holders.get(0).reportId(), m.reportId());
        }
      }
    }
    for (Edge e : edges) {
      if (members.containsKey(e.a()) && members.containsKey(e.b())) {
        strongest.merge(find(parent, e.a()), e.strength(), Math::max);
      }
    }
    for (var group : groups.entrySet()) {
      List<Member> holders = group.getValue();
      if (holders.stream().map(Member::sourceId).distinct().count() >= 2) {
        strongest.merge(find(parent, holders.get(0).reportId()), groupStrength.get(group.getKey()), Math::max);
      }
    }
    var clusters = new HashMap<String, List<Member>>();
    for (String id : parent.keySet()) {
      clusters.computeIfAbsent(find(parent, id), k -> new ArrayList<>()).add(members.get(id));
    }
    var shown = new HashMap<String, List<Member>>();
    clusters.forEach((root, inside) -> {
      if (inside.stream().map(Member::sourceId).distinct().count() >= threshold) {
        shown.put(root, inside);
      }
    });
    return new Components(shown, strongest);
  }

  private Cluster cluster(List<Member> inside, int strongest, Map<String, List<RoleToken>> tokens) throws GeneralSecurityException {
    int sources = (int) inside.stream().map(Member::sourceId).distinct().count();
    Set<String> ids = new TreeSet<>(inside.stream().map(Member::reportId).toList());
    // The roles of the person the reports share: tokens found in two or more member reports.
    Map<String, Set<String>> reportsPerToken = new HashMap<>();
    Map<String, Set<String>> rolesPerToken = new HashMap<>();
    for (String id : ids) {
      for (RoleToken t : tokens.getOrDefault(id, List.of())) {
        reportsPerToken.computeIfAbsent(t.key(), k -> new TreeSet<>()).add(id);
        rolesPerToken.computeIfAbsent(t.key(), k -> new TreeSet<>()).add(t.role());
      }
    }
    var roles = new TreeSet<String>();
    reportsPerToken.forEach((key, reports) -> {
      if (reports.size() >= 2) {
        roles.addAll(rolesPerToken.get(key));
      }
    });
    var months = inside.stream().map(m -> YearMonth.from(m.submittedOn())).sorted().toList();
    return new Cluster(clusterId(ids.iterator().next()), sources,
        LinkStrength.ofLevel(strongest).orElse(LinkStrength.MEDIUM),
        new TreeSet<>(inside.stream().map(Member::category).toList()),
        new TreeSet<>(inside.stream().map(Member::unit).flatMap(Optional::stream).toList()), roles,
        months.get(0), months.get(months.size() - 1),
        new TreeSet<>(inside.stream().map(Member::assignee).flatMap(Optional::stream).toList()),
        List.copyOf(inside));
  }

  /** A token of a person involved, as {@code kind:hex}, with the role the report gave them. */
  private record RoleToken(String key, String role) {}

  /** The tokens of the people involved in these reports, by report. */
  private Map<String, List<RoleToken>> roleTokens(List<String> reportIds) throws SQLException, GeneralSecurityException {
    Map<String, List<RoleToken>> out = new HashMap<>();
    database.readEachOf(MEMBER_TOKENS, reportIds, row -> out.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
        .add(new RoleToken(row.getString(2) + ":" + HexFormat.of().formatHex(row.getBytes(3)), row.getString(4))));
    return out;
  }

  /** Keyed on the cluster's first member: stable while it grows, and says nothing without the key. */
  private String clusterId(String firstMember) throws GeneralSecurityException {
    return HexFormat.of().formatHex(keyedIds.of("signal-cluster", firstMember), 0, 8);
  }

  private static String find(Map<String, String> parent, String x) {
    parent.putIfAbsent(x, x);
    String root = x;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    while (!parent.get(x).equals(root)) {
      String next = parent.get(x);
      parent.put(x, root);
      x = next;
    }
    return root;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
    }
  }
}
