package nl.veiligmelden.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A new report marks, in its own transaction and in one statement, every holder its key went to
 * who wants mail and has an address, and nobody else (docs/DESIGN.md, "The desk").
 */
class NoticesTest {
  private static final String PASSWORD = "notices test password that is long enough";

  @Test
  void aNewReportMarksEveryHolderWithMailOnAndAnAddressAndNobodyElse() throws Exception {
    Application app = TestServer.get();
    Account first = Holders.create(app, "notice-vp1", "Eerste VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Account second = Holders.create(app, "notice-vp2", "Tweede VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Account noAddress = Holders.create(app, "notice-vp3", "VP zonder adres", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(first.id(), "notice-vp1@hogeschool.example");
    app.accounts().setEmail(second.id(), "notice-vp2@hogeschool.example");
    assertEquals(Optional.empty(), pending(first.id()));
    assertEquals(Optional.empty(), pending(second.id()));

    Api.submit(Api.report("Een melding voor iedereen in de wachtrij.", "Iemand Anders"));

    assertEquals(Optional.of(true), pending(first.id()), "the first VP has something new");
    assertEquals(Optional.of(true), pending(second.id()), "so has the second, in the same statement");
    assertEquals(Optional.empty(), pending(noAddress.id()), "a VP without an address gets no notice row");
  }

  private static Optional<Boolean> pending(long accountId) throws Exception {
    try (var c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT pending FROM notice WHERE account_id = ?")) {
      s.setLong(1, accountId);
      try (var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
      }
    }
  }
}
