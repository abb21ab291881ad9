package nl.veiligmelden;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportVault;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md, rule 9, against the people who run the server: root makes a vertrouwenspersoon
 * with {@code admin create-handler} before a report arrives; a beheerder makes another after it and
 * enrols her himself; the beheerder resets a real VP's sign-in and takes her new link. The real VP
 * signs in, lists, claims and answers as usual. None of the three reads the report, over HTTP or
 * offline with their own password, every keyset and the master key, until a holder signs the key
 * and grants it; then exactly that one can.
 */
class RogueOperatorTest {
  private static final String ROGUE_PASSWORD = "Zq8!vR3#mK7$pL2@wX9&tN4^";
  private static final String SECOND_VP = "vp-reset";

  private static Map<String, Object> report(String description) {
    return Map.of("category", "pesten", "unit", "kunst", "anonymity", "confidential", "contact", "06 1234 5678",
        "description", description);
  }

  @Test
  void accountsMadeOrResetByOperatorsReadNothingUntilAHolderSignsAndGrants() throws Exception {
    try (OwnServer server = OwnServer.fresh("rogue")) {
      Application app = server.app;
      Holders.create(app, SECOND_VP, "Tweede VP", "the second vp's own long password", Set.of(Role.VERTROUWENSPERSOON));

      // Root, before the report: an account with the VP role straight into the database's tables.
      Commands.Run created = Commands.run(server.dir, ROGUE_PASSWORD + "\n", "admin", "create-handler", "--username", "rogue-root",
          "--role", "vertrouwenspersoon", "--no-totp");
      assertEquals(0, created.exit(), created.output());

      Map<String, String> first = server.submit(report("Wat er in de werkplaats gebeurde."));
      Map<String, String> queued = server.submit(report("Een tweede melding, nog in de wachtrij."));

      // The beheerder, after the report: a new VP account whose link he uses himself, and a real VP's reset.
      app.accounts().create("rogue-admin", "Beheerder", "the beheerder's own long password".toCharArray(), Set.of(Role.BEHEERDER));
      String admin = signIn(server, "rogue-admin", "the beheerder's own long password", "");
      String link = server.api().auth().oauth2(admin).contentType(ContentType.JSON)
          .body(Map.of("username", "rogue-after", "name", "Nieuwe VP", "roles", List.of("vertrouwenspersoon")))
          .when().post("/api/v1/admin/accounts").then().statusCode(201).extract().path("enrolmentLink");
      Map<String, String> afterEnrolled = enrol(server, link, ROGUE_PASSWORD);
      String resetLink = server.api().auth().oauth2(admin).when().post("/api/v1/admin/accounts/" + SECOND_VP + "/reset")
          .then().statusCode(201).extract().path("enrolmentLink");
      Map<String, String> resetEnrolled = enrol(server, resetLink, ROGUE_PASSWORD);
      try (Connection c = app.data().database().dataSource().getConnection()) {
        assertTrue(OfflineKeys.sealingKey(c, app.accounts().byUsername(SECOND_VP).orElseThrow().id(),
            "the second vp's own long password").isEmpty(), "the reset ends the old password");
      }

      List<String> rogues = List.of("rogue-root", "rogue-after", SECOND_VP);
      // Signed in once each (a second factor's code counts once): the sessions last the test.
      Map<String, String> tokens = Map.of("rogue-root", signIn(server, "rogue-root", ROGUE_PASSWORD, ""),
          "rogue-after", signIn(server, "rogue-after", ROGUE_PASSWORD, Api.totpNow(afterEnrolled.get("otpauth"))),
          SECOND_VP, signIn(server, SECOND_VP, ROGUE_PASSWORD, Api.totpNow(resetEnrolled.get("otpauth"))));
      for (String rogue : rogues) {
        String token = tokens.get(rogue);
        for (var r : List.of(first, queued)) {
          int claim = server.api().auth().oauth2(token).when().post("/api/v1/handler/reports/" + r.get("reference") + "/claim")
              .statusCode();
          assertTrue(claim == 403 || claim == 409, rogue + " claims without a key: " + claim);
          int read = server.api().auth().oauth2(token).when().get("/api/v1/handler/reports/" + r.get("reference")).statusCode();
          assertTrue(read == 403 || read == 404 || read == 409, rogue + " reads: " + read);
        }
        server.api().auth().oauth2(token).queryParam("q", "werkplaats").when().get("/api/v1/handler/search").then().statusCode(200)
            .body("results.reference", not(hasItem(first.get("reference"))));
      }

      // The real VP works as usual: lists, claims, reads, answers.
      String vp = server.vpToken();
      server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports").then().statusCode(200)
          .body("reference", hasItem(first.get("reference")));
      server.claim(vp, first.get("reference"));
      assertEquals("Wat er in de werkplaats gebeurde.", server.descriptionForHandler(vp, first.get("reference")));
      server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Dank voor uw melding."))
          .when().post("/api/v1/handler/reports/" + first.get("reference") + "/messages").then().statusCode(201);

      // Offline, each with their own password, every keyset and the master key: no wrap opens.
      try (Connection c = app.data().database().dataSource().getConnection()) {
        for (String rogue : rogues) {
          long account = app.accounts().byUsername(rogue).orElseThrow().id();
          List<OfflineKeys.Held> own = OfflineKeys.open(c, account, ROGUE_PASSWORD);
          assertFalse(own.isEmpty(), rogue + "'s password opens her own key pair");
          assertEquals(List.of(), opened(c, new ReportVault(app.keyring()), own), rogue + " opens a wrap offline");
        }
      }

      // A holder signs the beheerder's new colleague, after comparing the fingerprint, and grants what waits.
      server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("fingerprint", afterEnrolled.get("fingerprint")))
          .when().post("/api/v1/handler/directory/rogue-after/sign").then().statusCode(200);
      String after = tokens.get("rogue-after");
      // A signature alone gives her no report filed before it: the case waits for a holder's grant.
      server.api().auth().oauth2(after).when().post("/api/v1/handler/reports/" + queued.get("reference") + "/claim")
          .then().statusCode(409);
      int granted = server.api().auth().oauth2(vp).when().post("/api/v1/handler/grants").then().statusCode(200).extract().path("granted");
      assertEquals(1, granted, "the one queued report, to the one colleague signed since");
      server.claim(after, queued.get("reference"));
      assertEquals("Een tweede melding, nog in de wachtrij.", server.descriptionForHandler(after, queued.get("reference")));
      // The others still read nothing: nobody signed them.
      for (String rogue : List.of("rogue-root", SECOND_VP)) {
        int read = server.api().auth().oauth2(tokens.get(rogue)).when().get("/api/v1/handler/reports/" + queued.get("reference")).statusCode();
        assertTrue(read == 403 || read == 404 || read == 409, rogue + " reads after the grant: " + read);
      }
    }
  }

  private static String signIn(OwnServer server, String username, String password, String totp) {
    return server.api().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  /** Enrols through a link as whoever holds it: the second factor's link and the new key's fingerprint. */
  private static Map<String, String> enrol(OwnServer server, String link, String password) {
    return server.api().contentType(ContentType.JSON).body(Map.of("token", link.substring(link.lastIndexOf('/') + 1),
        "password", password)).when().post("/api/v1/handler/enrolment").then().statusCode(200).extract().jsonPath().getMap("");
  }

  /** Every report_key and contact_key row these key pairs open, as "report recipient". */
  private static List<String> opened(Connection c, ReportVault vault, List<OfflineKeys.Held> keys) throws Exception {
    var out = new ArrayList<String>();
    for (String table : List.of("report_key", "contact_key")) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT report_id, recipient_kind, recipient_id, wrapped FROM " + table)) {
        while (rs.next()) {
          String id = rs.getString(1);
          Recipient to = switch (rs.getString(2)) {
            case "holder" -> Recipient.holder(rs.getLong(3));
            case "recovery" -> Recipient.recovery(rs.getLong(3));
            case "code" -> Recipient.code();
            default -> null;
          };
          if (to == null) {
            continue;
          }
          var wrap = new KeyWrap(to, rs.getBytes(4));
          for (var held : keys) {
            for (var open : List.<Opening>of(k -> vault.unwrap(id, wrap, k.keys()), k -> vault.unwrapContactKey(id, wrap, k.keys()),
                k -> vault.unwrapContactHalf(id, wrap, k.keys()))) {
              try {
                open.with(held);
                out.add(id + " " + to);
              } catch (GeneralSecurityException | RuntimeException e) {
                // not hers
              }
            }
          }
        }
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface Opening {
    void with(OfflineKeys.Held keys) throws GeneralSecurityException;
  }
}
