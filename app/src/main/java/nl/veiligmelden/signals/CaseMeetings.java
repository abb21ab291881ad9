package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Refusal;

/**
 * From a recurring signal the ombudsfunctionaris asks the VPs who hold its cases for a case
 * meeting (zorgoverleg). The OF learns who was asked and how many said yes; each VP sees which of
 * their own cases the request is about, and nothing of the others'. Asking and answering are
 * audited here, whether the page or the API asked.
 */
public final class CaseMeetings {
  private static final String ASK = """
      INSERT INTO case_meeting_request (cluster, requested_by, asked, report_id, requested_on) VALUES (?, ?, ?, ?, ?)
      """;
  private static final String FOR_VP = """
      SELECT m.id, r.reference, m.requested_on, m.answer
        FROM case_meeting_request m JOIN report r ON r.id = m.report_id AND r.assigned_to = m.asked
       WHERE m.asked = ? ORDER BY m.id DESC
      """;
  private static final String ANSWER = """
      UPDATE case_meeting_request q JOIN report r ON r.id = q.report_id AND r.assigned_to = q.asked
         SET q.answer = ?, q.answered_on = ?
       WHERE q.id = ? AND q.asked = ?
      """;
  private static final String TALLY = """
      SELECT COUNT(*), COALESCE(SUM(answer = 'yes'), 0), COALESCE(SUM(answer = 'no'), 0)
        FROM case_meeting_request WHERE cluster = ?
      """;

  /** A request as its VP sees it. {@code answer}: "yes", "no", or empty while open. */
  public record Request(long id, String reference, LocalDate requestedOn, Optional<String> answer) {}

  /** What the OF sees of the requests about one cluster. */
  public record Tally(int asked, int yes, int no) {}

  /** A recurring signal as the OF sees it: the cluster, and how the meeting asked about it stands. */
  public record Signal(SignalClusters.Cluster cluster, Tally meeting) {}

  /** The recurring signals now, and the fewest independent sources a cluster needs to be among them. */
  public record Overview(int threshold, List<Signal> signals) {}

  private final Database database;
  private final SignalClusters clusters;
  private final AuditLog audit;
  private final Clock clock;

  public CaseMeetings(Database database, SignalClusters clusters, AuditLog audit, Clock clock) {
    this.database = database;
    this.clusters = clusters;
    this.audit = audit;
    this.clock = clock;
  }

  /** The recurring signals for the ombudsfunctionaris, each with its meeting tally. */
  public Overview signals(Account ombuds) throws SQLException, GeneralSecurityException {
    requireOmbuds(ombuds);
    var out = new ArrayList<Signal>();
    for (SignalClusters.Cluster c : clusters.current()) {
      out.add(new Signal(c, tally(c.id())));
    }
    return new Overview(clusters.threshold(), out);
  }

  /** Asks every VP holding a case of the cluster; returns how many cases were asked about. */
  public int request(Account ombuds, String clusterId) throws SQLException, GeneralSecurityException {
    requireOmbuds(ombuds);
    SignalClusters.Cluster cluster = clusters.byId(clusterId).orElseThrow(Refusal::notFound);
    LocalDate today = LocalDate.now(clock);
    int asked = database.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement s = c.prepareStatement(ASK)) {
        for (SignalClusters.Member m : cluster.members()) {
          if (m.assigneeId().isEmpty()) {
            continue;
          }
          s.setString(1, cluster.id());
          s.setLong(2, ombuds.id());
          s.setLong(3, m.assigneeId().get());
          s.setString(4, m.reportId());
          s.setDate(5, Date.valueOf(today));
          s.addBatch();
          n++;
        }
        if (n > 0) {
          s.executeBatch();
        }
      }
      return n;
    });
    audit.record(Optional.of(new Actor(ombuds.id(), ombuds.username())), AuditAction.CASE_MEETING_REQUESTED,
        Optional.of("cluster " + cluster.id()), Optional.of(asked + " case(s)"));
    return asked;
  }

  /** The requests about cases this VP still holds (a handed-over case's request goes with it, unanswered). */
  public List<Request> forVp(Account vp) throws SQLException, GeneralSecurityException {
    if (!vp.has(Role.VERTROUWENSPERSOON) && !vp.has(Role.OMBUDSFUNCTIONARIS)) {
      throw Refusal.forbidden();
    }
    return database.read(c -> {
      var out = new ArrayList<Request>();
      try (PreparedStatement s = c.prepareStatement(FOR_VP)) {
        s.setLong(1, vp.id());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Request(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(), Optional.ofNullable(rs.getString(4))));
          }
        }
      }
      return out;
    });
  }

  /**
   * The VP answers a request about a case they hold, "yes" or "no". A request that is not theirs,
   * or no number at all, is not found: nobody learns of requests sent to others.
   */
  public void answer(Account vp, String typedId, String answer) throws SQLException, GeneralSecurityException {
    long requestId = requestId(typedId);
    boolean yes = yes(answer);
    int changed = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(ANSWER)) {
        s.setString(1, yes ? "yes" : "no");
        s.setDate(2, Date.valueOf(LocalDate.now(clock)));
        s.setLong(3, requestId);
        s.setLong(4, vp.id());
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw Refusal.notFound();
    }
    audit.record(Optional.of(new Actor(vp.id(), vp.username())), AuditAction.CASE_MEETING_ANSWERED,
        Optional.of("request " + requestId), Optional.of(yes ? "yes" : "no"));
  }

  private static long requestId(String typed) {
    try {
      return Long.parseLong(typed);
    } catch (NumberFormatException e) {
      throw Refusal.notFound();
    }
  }

  private static boolean yes(String answer) {
    return switch (answer == null ? "" : answer) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw Refusal.invalid("error.invalidChoice");
    };
  }

  private Tally tally(String clusterId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(TALLY)) {
        s.setString(1, clusterId);
        try (var rs = s.executeQuery()) {
          rs.next();
          return new Tally(rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
      }
    });
  }

  private static void requireOmbuds(Account account) {
    if (!account.has(Role.OMBUDSFUNCTIONARIS)) {
      throw Refusal.forbidden();
    }
  }
}
