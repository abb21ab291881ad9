package nl.veiligmelden.audit;

/** What a handler did. Stored by code; never with content. */
public enum AuditAction {
  SIGN_IN("handler.sign-in"),
  SIGN_IN_FAILED("handler.sign-in-failed"),
  SIGN_OUT("handler.sign-out"),
  SIGN_OUT_EVERYWHERE("handler.sign-out-everywhere"),
  REPORT_OPENED("report.opened"),
  REPORT_REPLIED("report.replied"),
  STATUS_CHANGED("report.status-changed"),
  CLAIMED("report.claimed"),
  ASSIGNED("report.assigned"),
  RECUSED("report.recused"),
  CASE_ENTRY_ADDED("case.entry-added"),
  DISCLOSURE_REQUESTED("identity.disclosure-requested"),
  DISCLOSURE_DECIDED("identity.disclosure-decided"),
  CONTACT_OPENED("identity.contact-opened"),
  SIGNAL_PASSED_ON("first-line.signal-passed-on"),
  TRANSFERRED("report.transferred"),
  ACCOUNT_CREATED("account.created"),
  ACCOUNT_ROLES_CHANGED("account.roles-changed"),
  ACCOUNT_DISABLED("account.disabled"),
  ACCOUNT_RESET("account.reset"),
  ACCOUNT_LINK_REISSUED("account.link-reissued"),
  ACCOUNT_ENROLLED("account.enrolled"),
  CATALOGUE_CHANGED("catalogue.changed"),
  INSIGHTS_EXPORTED("insights.exported"),
  ESCROW_RELEASED("signal.escrow-released"),
  CASE_MEETING_REQUESTED("signal.case-meeting-requested"),
  CASE_MEETING_ANSWERED("signal.case-meeting-answered"),
  // retention: names no report, only why and how many
  REPORT_DELETED("report.deleted"),
  // attachments
  ATTACHMENT_DOWNLOADED("report.attachment-downloaded"),
  // keys: operator commands; the detail names key ids and counts, never a report
  KEK_ROTATED("keys.kek-rotated"),
  KEK_RETIRED("keys.kek-retired"),
  SIGNALS_REKEYED("keys.signals-rekeyed"),
  // zero access (docs/DESIGN.md, rule 9): the keys of people and who may open what
  HOLDER_KEY_CREATED("keys.holder-key-created"),
  HOLDER_KEY_SIGNED("keys.holder-key-signed"),
  HOLDER_KEY_REPLACED("keys.holder-key-replaced"),
  HOLDER_KEY_RETIRED("keys.holder-key-retired"),
  RECOVERY_KEY_IMPORTED("keys.recovery-key-imported"),
  // an operator moved reports from before zero access over; the detail holds counts only
  ZERO_ACCESS_MIGRATED("keys.zero-access-migrated"),
  ACCESS_GRANTED("report.access-granted"),
  ACCESS_RECOVERED("report.access-recovered");

  private final String code;

  AuditAction(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
