package nl.veiligmelden.signals;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.intake.Deadlines;
import nl.veiligmelden.intake.Status;
/**
 * Information escrow: a report filed "only act if someone else reports the same person" stays out
 * of every list until an independent source (another return code) links to it on a strong or
 * medium token. Then it is due for release, and the next hourly run releases it: in progress for
 * its reporter, with fresh deadlines from that day, and in the inbox of the VP who already holds a
 * report about that person (where the reporter asked for nobody in particular), or in the queue.
 * Not in the request: a reporter probing with a name would learn within the second whether
 * someone else reported that person (SECURITY.md gives the rate that remains).
 *
 * <p>A weak (phonetic) match never releases: a reporter probing with a name gets an answer only
 * when someone else named that same person in a way that is nearly certain.
 */
public final class EscrowRelease {
  private static final String RELEASE = """
      UPDATE report
         SET escrow = FALSE, status = ?, acknowledge_by = ?, first_reply_by = ?, feedback_by = ?,
             assigned_to = CASE WHEN adviser = 'any' AND routed_to IS NULL
                                 AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = report.id AND x.account_id = ?)
                                 AND EXISTS (SELECT 1 FROM account a WHERE a.id = ? AND a.active)
                                THEN ? ELSE NULL END
       WHERE id = ? AND escrow
      """;

  private final Deadlines deadlines;

  public EscrowRelease(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  /** An escrowed report a new one unlocked, and the VP who holds a report about that person, if one does. */
  public record Due(String reportId, Optional<Long> holder) {}

  /** What the new report's links unlock, to be released by the next run. */
  public List<Due> due(String newId, boolean newInEscrow, List<SignalCorrelator.Link> links) {
    List<SignalCorrelator.Link> matching = links.stream().filter(l -> l.strength().atLeast(LinkStrength.MEDIUM))
        .sorted(Comparator.comparingInt((SignalCorrelator.Link l) -> l.strength().level()).reversed()).toList();
    if (matching.isEmpty()) {
      return List.of();
    }
    var toRelease = new LinkedHashSet<String>();
    matching.stream().filter(SignalCorrelator.Link::otherInEscrow).map(SignalCorrelator.Link::otherId).forEach(toRelease::add);
    if (newInEscrow) {
      toRelease.add(newId);
    }
    // The VP who holds a report about this person already is the one to take this up.
    Optional<Long> holder = matching.stream().filter(l -> !l.otherInEscrow()).map(SignalCorrelator.Link::otherAssignee)
        .flatMap(Optional::stream).findFirst();
    return toRelease.stream().map(id -> new Due(id, holder)).toList();
  }

  /** Releases one due report as of today; false when it was not (or no longer) in escrow. */
  public boolean release(Connection c, Due due, LocalDate today) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RELEASE)) {
      s.setString(1, Status.IN_BEHANDELING.code());
      s.setDate(2, Date.valueOf(deadlines.acknowledgeBy(today)));
      s.setDate(3, Date.valueOf(deadlines.firstReplyBy(today)));
      s.setDate(4, Date.valueOf(deadlines.feedbackBy(today)));
      // The holder as she is at the run: one disabled since, or who stepped back from it, gets nothing.
      for (int i = 5; i <= 7; i++) {
        if (due.holder().isPresent()) {
          s.setLong(i, due.holder().get());
        } else {
          s.setNull(i, Types.BIGINT);
        }
      }
      s.setString(8, due.reportId());
      return s.executeUpdate() > 0;
    }
  }
}
