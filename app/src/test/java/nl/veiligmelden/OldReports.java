package nl.veiligmelden;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.intake.SecretField;

/** Reports filed the way an installation from before zero access filed them, for migration and attack tests. */
public final class OldReports {
  private OldReports() {}

  public record Old(String id, String reference, String code, String description) {}

  /**
   * A report as ReportIntake stored it before zero access: the same columns, its fields sealed under
   * its data key (the contact details too), the data key under the KEK only, no wrap to anyone.
   */
  public static Old file(Application app, String description, String adviser, Optional<Long> assignedTo,
      Optional<String> contact) throws Exception {
    var random = new SecureRandom();
    String id = Crockford.random(random, 16);
    String reference = "VM-" + Crockford.random(random, 4) + "-" + Crockford.random(random, 4);
    ReturnCode code = ReturnCode.generate(random);
    ReportKey key = new ReportVault(app.keyring()).newKeyAsBeforeZeroAccess(id);
    var lookup = new CodeLookup(app.keyring());
    LocalDate today = LocalDate.now(Application.ZONE);
    try (Connection c = app.data().database().dataSource().getConnection()) {
      try (PreparedStatement s = c.prepareStatement("""
          INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, wish, language, status,
                              submitted_on, acknowledge_by, first_reply_by, feedback_by, via_first_line, adviser, routed_to, source_id,
                              escrow, assigned_to)
          VALUES (?, ?, ?, ?, ?, 'pesten', 'kunst', ?, NULL, 'nl', 'ontvangen', ?, ?, ?, ?, FALSE, ?, NULL, ?, FALSE, ?)
          """)) {
        s.setString(1, id);
        s.setString(2, reference);
        s.setBytes(3, lookup.idOf(code));
        s.setBytes(4, lookup.bindingOf(code, id));
        s.setBytes(5, key.wrapped());
        s.setString(6, contact.isPresent() ? "confidential" : "anonymous");
        s.setDate(7, Date.valueOf(today));
        s.setDate(8, Date.valueOf(today.plusDays(7)));
        s.setDate(9, Date.valueOf(today.plusDays(2)));
        s.setDate(10, Date.valueOf(today.plusMonths(3)));
        s.setString(11, adviser);
        s.setString(12, id);
        if (assignedTo.isPresent()) {
          s.setLong(13, assignedTo.get());
        } else {
          s.setNull(13, Types.BIGINT);
        }
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO report_secret (report_id, field, sealed) VALUES (?, ?, ?)")) {
        s.setString(1, id);
        s.setString(2, SecretField.DESCRIPTION.column());
        s.setBytes(3, key.seal(SecretField.DESCRIPTION.binding(id), description));
        s.executeUpdate();
        if (contact.isPresent()) {
          s.setString(2, SecretField.CONTACT.column());
          s.setBytes(3, key.seal(SecretField.CONTACT.binding(id), contact.get()));
          s.executeUpdate();
        }
      }
    }
    return new Old(id, reference, code.grouped(), description);
  }

}
