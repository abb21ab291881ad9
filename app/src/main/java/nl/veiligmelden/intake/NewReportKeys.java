package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.CodeKey;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.DropBox;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.refusal.Refusal;

/**
 * Where a new report's keys go (docs/DESIGN.md, rule 9), decided while its plaintext and fresh
 * data key are in memory, the one moment the server holds them:
 * <ul>
 *   <li>the data key to the return code, to every signed holder the report may go to (the
 *       vertrouwenspersonen who fit the reporter's wish for an internal or external adviser, or
 *       the board role for a report about a board member), and to the recovery key;
 *   <li>contact details under a key of their own: whole to the code and the recovery key, half A
 *       under the data key, half B to each signed bewaarder, so neither the queue nor a bewaarder
 *       holds a reporter's identity;
 *   <li>a drop box, for notices written to the report by whoever holds no key.
 * </ul>
 * The wraps are made before the storing transaction (HPKE costs a little), and stored in it.
 */
public final class NewReportKeys {
  /**
   * Everything a new report's keys go to, ready to store. {@code holders}: the accounts its data
   * key was wrapped to (told by a content-free notice that something is new for them); {@code
   * assignTo}: the one holder a report in a reporter's thread goes straight to, when it went to her.
   */
  public record Prepared(List<KeyWrap> dataKey, Optional<ContactKey> contact, List<KeyWrap> contactWhole, List<KeyWrap> contactHalfB,
      Optional<ContactKey.Half> halfA, DropBox dropBox, List<Long> holders, Optional<Long> assignTo) {}

  private final Directory directory;
  private final ReportKeys keys;
  private final ReportVault vault;
  private final Role boardRole;

  public NewReportKeys(Directory directory, ReportKeys keys, ReportVault vault, Role boardRole) {
    this.directory = directory;
    this.keys = keys;
    this.vault = vault;
    this.boardRole = boardRole;
  }

  /**
   * The wraps of a new report. Refused (nothing stored, the reporter keeps the form) while the
   * installation has no recovery key or no signed vertrouwenspersoon: a report nobody could open
   * is not taken.
   */
  public Prepared prepare(ReportKey key, ReturnCode code, ReportDraft draft) throws SQLException, GeneralSecurityException {
    return prepare(key, code, draft, Optional.empty());
  }

  /**
   * The same; {@code threadHolder}: who holds the reporter's earlier report in the thread this one
   * joins. When she may receive this one too (signed, and fit for its routing), the data key goes
   * to her alone (beside the code and the recovery key) and the report to her desk, not to the
   * queue: the reporter was told the reports belong together. Otherwise it goes to the queue as
   * any report does.
   */
  public Prepared prepare(ReportKey key, ReturnCode code, ReportDraft draft, Optional<Long> threadHolder)
      throws SQLException, GeneralSecurityException {
    Directory.Trust trust = directory.trust();
    if (!trust.ready(boardRole)) {
      throw Refusal.unavailable("error.notReady");
    }
    Directory.Key recovery = trust.recovery().orElseThrow();
    CodeKey codeKey = CodeKey.of(code, key.reportId());
    var dataKey = new ArrayList<KeyWrap>();
    dataKey.add(vault.wrap(key, codeKey));
    dataKey.add(vault.wrap(key, Recipient.recovery(recovery.id()), recovery.publicKeys()));
    List<Directory.Trusted> recipients = recipients(trust, draft);
    Optional<Directory.Trusted> theirs = draft.escrow() ? Optional.empty()
        : threadHolder.flatMap(id -> recipients.stream().filter(t -> t.accountId() == id).findFirst());
    List<Directory.Trusted> to = theirs.map(List::of).orElse(recipients);
    var holders = new ArrayList<Long>();
    for (Directory.Trusted holder : to) {
      dataKey.add(vault.wrap(key, Recipient.holder(holder.keyId()), holder.key().publicKeys()));
      holders.add(holder.accountId());
    }
    Optional<Long> assignTo = theirs.map(Directory.Trusted::accountId);
    if (draft.contact().isEmpty()) {
      return new Prepared(dataKey, Optional.empty(), List.of(), List.of(), Optional.empty(), DropBox.create(key), holders, assignTo);
    }
    ContactKey contact = ContactKey.generate();
    ContactKey.Halves halves = contact.split();
    List<KeyWrap> whole = List.of(vault.wrapContactKey(key.reportId(), contact, codeKey),
        vault.wrapContactKey(key.reportId(), contact, Recipient.recovery(recovery.id()), recovery.publicKeys()));
    var halfB = new ArrayList<KeyWrap>();
    for (Directory.Trusted keeper : trust.recipients(Role.BEWAARDER)) {
      halfB.add(vault.wrapContactHalf(key.reportId(), halves.b(), Recipient.holder(keeper.keyId()), keeper.key().publicKeys()));
    }
    return new Prepared(dataKey, Optional.of(contact), whole, halfB, Optional.of(halves.a()), DropBox.create(key), holders, assignTo);
  }

  /**
   * The same keys for a report filed before zero access, made once from its KEK-only wrap by
   * {@code keys zero-access migrate}: the data key to the recovery key and to {@code holders}
   * (whoever the report may go to now); with {@code contact}, a contact key whole to the recovery
   * key, half A under the data key, half B to every signed bewaarder and to {@code halfBAlso} (the
   * handler of a confidential reporter's case, as the reporter chose). Nothing goes to the return
   * code: the server never holds it, so that wrap is made only at the reporter's own visit.
   */
  public Prepared prepareFromBefore(ReportKey key, Directory.Trust trust, List<Directory.Trusted> holders, boolean contact,
      List<Directory.Trusted> halfBAlso) throws GeneralSecurityException {
    Directory.Key recovery = trust.recovery().orElseThrow(() -> new GeneralSecurityException("no recovery key"));
    var dataKey = new ArrayList<KeyWrap>();
    dataKey.add(vault.wrap(key, Recipient.recovery(recovery.id()), recovery.publicKeys()));
    for (Directory.Trusted holder : holders) {
      dataKey.add(vault.wrap(key, Recipient.holder(holder.keyId()), holder.key().publicKeys()));
    }
    if (!contact) {
      return new Prepared(dataKey, Optional.empty(), List.of(), List.of(), Optional.empty(), DropBox.create(key), List.of(), Optional.empty());
    }
    ContactKey contactKey = ContactKey.generate();
    ContactKey.Halves halves = contactKey.split();
    List<KeyWrap> whole = List.of(vault.wrapContactKey(key.reportId(), contactKey, Recipient.recovery(recovery.id()),
        recovery.publicKeys()));
    var halfB = new ArrayList<KeyWrap>();
    var given = new HashSet<Long>();
    for (Directory.Trusted keeper : trust.recipients(Role.BEWAARDER)) {
      if (given.add(keeper.keyId())) {
        halfB.add(vault.wrapContactHalf(key.reportId(), halves.b(), Recipient.holder(keeper.keyId()), keeper.key().publicKeys()));
      }
    }
    for (Directory.Trusted also : halfBAlso) {
      if (given.add(also.keyId())) {
        halfB.add(vault.wrapContactHalf(key.reportId(), halves.b(), Recipient.holder(also.keyId()), also.key().publicKeys()));
      }
    }
    return new Prepared(dataKey, Optional.of(contactKey), whole, halfB, Optional.of(halves.a()), DropBox.create(key), List.of(),
        Optional.empty());
  }

  private List<Directory.Trusted> recipients(Directory.Trust trust, ReportDraft draft) {
    boolean aboutTheBoard = draft.involved().stream().anyMatch(p -> p.role() == InvolvedRole.BESTUURDER);
    return recipients(trust, draft.adviser(), aboutTheBoard);
  }

  /**
   * Who a report may go to: the board role for a report about a board member, else the
   * vertrouwenspersonen who fit the reporter's wish for an internal or external adviser. Also
   * who a report goes back to when its handler steps back, and who a holder may grant it to.
   */
  public List<Directory.Trusted> recipients(Directory.Trust trust, AdviserPreference adviser, boolean aboutTheBoard) {
    if (aboutTheBoard) {
      return trust.recipients(boardRole);
    }
    return trust.recipients(Role.VERTROUWENSPERSOON).stream().filter(t -> switch (adviser) {
      case EXTERNAL -> t.key().accountRoles().contains(Role.EXTERN);
      case INTERNAL -> !t.key().accountRoles().contains(Role.EXTERN);
      case ANY -> true;
    }).toList();
  }

  /** Stores the prepared wraps in the report's own transaction. */
  public void store(Connection c, ReportKey key, Prepared prepared) throws SQLException, GeneralSecurityException {
    keys.storeAll(c, key.reportId(), prepared.dataKey());
    keys.storeContactAll(c, key.reportId(), ReportKeys.ContactPart.WHOLE, prepared.contactWhole());
    keys.storeContactAll(c, key.reportId(), ReportKeys.ContactPart.HALF_B, prepared.contactHalfB());
    if (prepared.halfA().isPresent()) {
      keys.storeHalfA(c, key, prepared.halfA().get());
    }
  }
}
