package nl.veiligmelden.cli;

import static nl.veiligmelden.Commands.run;
import static nl.veiligmelden.Commands.runApart;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.Commands;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.LostPasswords;
import org.junit.jupiter.api.Test;

/**
 * The recovery ceremony as an institution runs it, from the command line only (README, "Zero
 * access: the recovery ceremony"): an offline machine makes the recovery key and signs with it, the
 * server's installation imports and exports plain text, each in a JVM of its own, while the server
 * runs. A fresh installation takes no report until the ceremony has signed a vertrouwenspersoon;
 * afterwards she reads her case, loses her password, and gets the case back through the shares.
 * Too few, mistyped or foreign shares, and a swapped public key, are refused with a sentence.
 */
class RecoveryCommandTest {
  private static final String VP = "vp-ceremony";
  private static final String PASSWORD = "Ceremonie-wachtwoord 7#Kq9!vX2@mR";
  private static final String NEW_PASSWORD = "Haar nieuwe wachtwoord 4$Lp8^wZ3&nT";
  private static final String DESCRIPTION = "Mijn begeleider zet mij onder druk.";

  /** The shares an `init` printed, each from its header line. */
  static List<String> sharesOf(String printed) {
    var shares = new ArrayList<String>();
    for (String part : printed.split("(?=vm1 recovery share\\n)")) {
      if (part.startsWith("vm1 recovery share")) {
        shares.add(part.strip() + "\n");
      }
    }
    return shares;
  }

  /** The value of a "label value" line. */
  static String field(String text, String label) {
    return text.lines().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow().substring(label.length() + 1).strip();
  }

  /** A share with one symbol of its data typed wrong, as from paper. */
  static String mistyped(String share) {
    String data = share.lines().filter(l -> l.startsWith("data ")).findFirst().orElseThrow();
    char first = data.charAt(5);
    String wrong = data.substring(0, 5) + (first == 'A' ? 'B' : 'A') + data.substring(6);
    return share.replace(data, wrong);
  }

  static Path write(Path dir, String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static String signIn(OwnServer server, String username, String password, String totp) {
    return server.api().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  @Test
  void theWholeCeremonyThenAHolderWhoLostHerPasswordGetsHerCaseBack() throws Exception {
    Path offline = TestServer.freshDataDir("offline-machine");
    Path dir = TestServer.freshDataDir("ceremony");

    // Offline: the key and its shares; nothing but the public half is written.
    Path ceremony = offline.resolve("ceremony");
    Commands.Apart init = runApart(offline, "", "keys", "recovery", "init", "--shares", "3", "--threshold", "2",
        "--out", ceremony.toString());
    assertEquals(0, init.exit(), init.err());
    Path publicFile = ceremony.resolve("recovery-public.txt");
    String fingerprint = field(Files.readString(publicFile), "fingerprint");
    List<String> shares = sharesOf(init.out());
    assertEquals(3, shares.size(), init.out());
    for (String share : shares) {
      assertEquals(fingerprint, field(share, "key"), "every share names the key it restores");
    }
    assertTrue(init.out().contains("Give one share to each of the 3 keepers"), init.out());
    assertTrue(init.out().contains("any 2 of them restore the key"), init.out());
    assertEquals(List.of("ceremony"), Files.list(offline).map(p -> p.getFileName().toString()).toList(),
        "offline: no database, no keys, nothing but the public half");
    assertEquals(List.of("recovery-public.txt"), Files.list(ceremony).map(p -> p.getFileName().toString()).toList());
    Commands.Apart again = runApart(offline, "", "keys", "recovery", "init", "--shares", "3", "--threshold", "2",
        "--out", ceremony.toString());
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("exists"), again.err());

    try (OwnServer server = OwnServer.on(dir)) {
      Map<String, Object> report = Map.of("category", "pesten", "unit", "kunst", "description", DESCRIPTION, "anonymity", "anonymous",
          "language", "nl");
      server.api().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(503);

      // On the server: the public half, and its fingerprint to compare with the shares.
      Commands.Run imported = run(dir, "", "keys", "recovery", "import", publicFile.toString());
      assertEquals(0, imported.exit(), imported.output());
      assertTrue(imported.output().contains("Imported recovery key " + fingerprint), imported.output());
      Commands.Run twice = run(dir, "", "keys", "recovery", "import", publicFile.toString());
      assertEquals(2, twice.exit(), twice.output());
      assertTrue(twice.output().contains("Refused: this installation has a recovery key; replacing it needs --replace."), twice.output());

      // A vertrouwenspersoon; her key is made with her password, and signed offline.
      Commands.Run created = run(dir, PASSWORD + "\n", "admin", "create-handler", "--username", VP, "--role", "vertrouwenspersoon",
          "--no-totp");
      assertEquals(0, created.exit(), created.output());
      Commands.Apart key = runApart(dir, "", "keys", "recovery", "export-key", "--username", VP);
      assertEquals(0, key.exit(), key.err());
      assertTrue(key.out().startsWith("vm1 holder key for signing\n"), key.out());
      assertTrue(key.err().contains("fingerprint " + field(key.out(), "fingerprint")), key.err());
      Path keyFile = write(offline, "vp.key", key.out());

      Commands.Apart oneShare = runApart(offline, shares.get(0), "keys", "recovery", "sign", "--key", keyFile.toString(),
          "--public", publicFile.toString());
      assertEquals(2, oneShare.exit(), oneShare.err());
      assertEquals("Refused: 1 shares given, 2 needed.", oneShare.err().strip());
      assertEquals("", oneShare.out(), "nothing signed");

      Commands.Apart corrupted = runApart(offline, shares.get(0) + mistyped(shares.get(1)), "keys", "recovery", "sign",
          "--key", keyFile.toString(), "--public", publicFile.toString());
      assertEquals(2, corrupted.exit(), corrupted.err());
      assertTrue(corrupted.err().startsWith("Refused: this share does not match its check: a symbol was mistyped."), corrupted.err());
      assertEquals("", corrupted.out());

      Path other = offline.resolve("other");
      assertEquals(0, runApart(offline, "", "keys", "recovery", "init", "--shares", "2", "--threshold", "2", "--out",
          other.toString()).exit());
      Commands.Apart swapped = runApart(offline, shares.get(0) + shares.get(2), "keys", "recovery", "sign", "--key",
          keyFile.toString(), "--public", other.resolve("recovery-public.txt").toString());
      assertEquals(2, swapped.exit(), swapped.err());
      assertTrue(swapped.err().startsWith("Refused: the shares are of recovery key " + fingerprint + ", not of the expected"),
          swapped.err());
      assertEquals("", swapped.out());

      Commands.Apart signed = runApart(offline, shares.get(0) + shares.get(2), "keys", "recovery", "sign", "--key",
          keyFile.toString(), "--public", publicFile.toString());
      assertEquals(0, signed.exit(), signed.err());
      assertTrue(signed.out().startsWith("vm1 holder certificate\n"), signed.out());
      assertTrue(signed.err().contains("Signed key " + field(key.out(), "fingerprint") + " of " + VP), signed.err());
      Commands.Run certified = run(dir, "", "keys", "recovery", "import-certificate",
          write(offline, "vp.certificate", signed.out()).toString());
      assertEquals(0, certified.exit(), certified.output());
      assertTrue(certified.output().contains("Stored the recovery key's signature on the key of " + VP), certified.output());

      // The installation takes reports now, and she reads one over HTTP.
      var receipt = server.submit(report);
      String reference = receipt.get("reference");
      String token = server.api().contentType(ContentType.JSON).body(Map.of("username", VP, "password", PASSWORD))
          .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
      server.claim(token, reference);
      assertEquals(DESCRIPTION, server.descriptionForHandler(token, reference));

      // She loses her password: a new one makes a new key, which opens nothing of hers.
      String otpauth = LostPasswords.newPassword(server.app, VP, NEW_PASSWORD);
      String after = signIn(server, VP, NEW_PASSWORD, Api.totpNow(otpauth));
      server.api().auth().oauth2(after).when().get("/api/v1/handler/reports/" + reference).then().statusCode(409);
      Commands.Apart unsigned = runApart(dir, "", "keys", "recovery", "export-wraps", "--username", VP);
      assertEquals(2, unsigned.exit(), unsigned.err());
      assertTrue(unsigned.err().contains("is not signed"), unsigned.err());

      // Her new key signed offline, then her case given back through the recovery key.
      Commands.Apart newKey = runApart(dir, "", "keys", "recovery", "export-key", "--username", VP);
      assertNotEquals(field(key.out(), "fingerprint"), field(newKey.out(), "fingerprint"));
      Commands.Apart newSigned = runApart(offline, shares.get(1) + shares.get(2), "keys", "recovery", "sign", "--key",
          write(offline, "vp-new.key", newKey.out()).toString(), "--public", publicFile.toString());
      assertEquals(0, newSigned.exit(), newSigned.err());
      assertEquals(0, run(dir, "", "keys", "recovery", "import-certificate", write(offline, "vp-new.certificate", newSigned.out())
          .toString()).exit());
      server.api().auth().oauth2(after).when().get("/api/v1/handler/reports/" + reference).then().statusCode(409);

      Commands.Apart export = runApart(dir, "", "keys", "recovery", "export-wraps", "--username", VP);
      assertEquals(0, export.exit(), export.err());
      assertTrue(export.out().startsWith("vm1 reports to recover\n"), export.out());
      assertEquals(1, export.out().lines().filter(l -> l.startsWith("report ")).count(), export.out());
      assertTrue(export.err().contains("1 case(s) of " + VP + " to give back"), export.err());
      Path exportFile = write(offline, "export.txt", export.out());
      Commands.Apart tooFew = runApart(offline, shares.get(2), "keys", "recovery", "rewrap", "--in", exportFile.toString(),
          "--public", publicFile.toString());
      assertEquals(2, tooFew.exit(), tooFew.err());
      assertEquals("", tooFew.out());
      Commands.Apart rewrapped = runApart(offline, shares.get(2) + shares.get(0), "keys", "recovery", "rewrap", "--in",
          exportFile.toString(), "--public", publicFile.toString());
      assertEquals(0, rewrapped.exit(), rewrapped.err());
      assertTrue(rewrapped.out().startsWith("vm1 recovered report keys\n"), rewrapped.out());
      assertTrue(rewrapped.err().contains("Wrapped 1 report key(s) anew"), rewrapped.err());
      Commands.Run back = run(dir, "", "keys", "recovery", "import-wraps", write(offline, "recovered.txt", rewrapped.out()).toString());
      assertEquals(0, back.exit(), back.output());
      assertTrue(back.output().contains("Stored 1 recovered report key(s)"), back.output());
      assertEquals(DESCRIPTION, server.descriptionForHandler(after, reference), "she reads her case again, in the same session");

      Commands.Apart nothingLeft = runApart(dir, "", "keys", "recovery", "export-wraps", "--username", VP);
      assertEquals(0, nothingLeft.exit());
      assertTrue(nothingLeft.err().contains("Nothing to give back to " + VP), nothingLeft.err());
      Commands.Run audit = run(dir, "", "audit", "verify");
      assertEquals(0, audit.exit(), audit.output());
    }
  }

  @Test
  void aFileOfAnotherKindOrCutOffIsRefusedWithASentence() throws Exception {
    Path offline = TestServer.freshDataDir("offline-files");
    Path ceremony = offline.resolve("ceremony");
    Commands.Apart init = runApart(offline, "", "keys", "recovery", "init", "--shares", "2", "--threshold", "2",
        "--out", ceremony.toString());
    List<String> shares = sharesOf(init.out());
    String both = shares.get(0) + shares.get(1);
    String publicFile = ceremony.resolve("recovery-public.txt").toString();

    Commands.Apart notAKey = runApart(offline, both, "keys", "recovery", "sign", "--key", publicFile, "--public", publicFile);
    assertEquals(2, notAKey.exit(), notAKey.err());
    assertTrue(notAKey.err().startsWith("Refused: not a file of this kind: its first line must read 'vm1 holder key for signing'"),
        notAKey.err());
    Path cut = write(offline, "cut.txt", "vm1 reports to recover\nrecovery-key 1\nholder-key 7 AAAA\n");
    Commands.Apart cutOff = runApart(offline, both, "keys", "recovery", "rewrap", "--in", cut.toString(), "--public", publicFile);
    assertEquals(2, cutOff.exit(), cutOff.err());
    assertTrue(cutOff.err().startsWith("Refused: the line 'holder-key 7 AAAA' is cut off or has too much."), cutOff.err());
    Commands.Apart missing = runApart(offline, both, "keys", "recovery", "rewrap", "--in", offline.resolve("nope").toString(),
        "--public", publicFile);
    assertEquals(2, missing.exit());
    assertTrue(missing.err().startsWith("Refused: there is no file"), missing.err());
    Commands.Apart threshold = runApart(offline, "", "keys", "recovery", "init", "--shares", "2", "--threshold", "3", "--out",
        offline.resolve("x").toString());
    assertEquals(2, threshold.exit());
    assertTrue(threshold.err().contains("the threshold is at least 2 and at most the number of shares"), threshold.err());
    assertFalse(Files.exists(offline.resolve("x")), "nothing written when refused");
  }
}
