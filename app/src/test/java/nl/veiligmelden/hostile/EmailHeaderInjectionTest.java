package nl.veiligmelden.hostile;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;

/**
 * The one e-mail field (a handler's reminder address, set by the administrator) is a mail
 * header later: an address with a line break would add recipients or headers to every
 * reminder. Only one plain address is accepted; what was there stays.
 */
class EmailHeaderInjectionTest {

  @Test
  void anAddressThatWouldBuildHeadersIsRefusedAndTheOldOneKept() throws Exception {
    Application app = TestServer.get();
    var account = Holders.create(app, "mail-h", "Mail", "a long hostile password 1", Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(account.id(), "vp@example.nl");
    for (String hostile : List.of("a@example.nl\r\nBcc: stolen@example.org", "a@example.nl\nX-Injected: yes",
        "a@example.nl, stolen@example.org", "\"a\r\n\"@example.nl", "a@example.nl\u0000", "<a@example.nl>")) {
      assertThrows(Accounts.Refused.class, () -> app.accounts().setEmail(account.id(), hostile), hostile);
    }
    try (var c = TestServer.sql(); var s = c.prepareStatement("SELECT email FROM account WHERE id = ?")) {
      s.setLong(1, account.id());
      try (var rs = s.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("vp@example.nl", rs.getString(1));
      }
    }
  }
}
