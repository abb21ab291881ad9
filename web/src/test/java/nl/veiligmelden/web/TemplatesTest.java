package nl.veiligmelden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.web.view.AccountsView;
import nl.veiligmelden.web.view.AttachmentsView;
import nl.veiligmelden.web.view.CaseDetail;
import nl.veiligmelden.web.view.CaseMessageView;
import nl.veiligmelden.web.view.CaseSectionView;
import nl.veiligmelden.web.view.CaseView;
import nl.veiligmelden.web.view.CatalogueView;
import nl.veiligmelden.web.view.CodeEntryView;
import nl.veiligmelden.web.view.CodeKeptView;
import nl.veiligmelden.web.view.DateLine;
import nl.veiligmelden.web.view.Contacts;
import nl.veiligmelden.web.view.ConversationView;
import nl.veiligmelden.web.view.DeleteReportView;
import nl.veiligmelden.web.view.DeskNav;
import nl.veiligmelden.web.view.DirectoryView;
import nl.veiligmelden.web.view.DisclosuresView;
import nl.veiligmelden.web.view.EnrolledView;
import nl.veiligmelden.web.view.EnrolmentView;
import nl.veiligmelden.web.view.EntryView;
import nl.veiligmelden.web.view.ErrorView;
import nl.veiligmelden.web.view.InboxFilters;
import nl.veiligmelden.web.view.InboxRow;
import nl.veiligmelden.web.view.InboxView;
import nl.veiligmelden.web.view.InsightsView;
import nl.veiligmelden.web.view.InvolvedValues;
import nl.veiligmelden.web.view.Layout;
import nl.veiligmelden.web.view.LinkedReportView;
import nl.veiligmelden.web.view.LoginView;
import nl.veiligmelden.web.view.MeetingsView;
import nl.veiligmelden.web.view.MessageView;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.PasswordView;
import nl.veiligmelden.web.view.PersonView;
import nl.veiligmelden.web.view.PulseView;
import nl.veiligmelden.web.view.ReceiptView;
import nl.veiligmelden.web.view.ReportFormValues;
import nl.veiligmelden.web.view.ReportFormView;
import nl.veiligmelden.web.view.SearchView;
import nl.veiligmelden.web.view.SignalsView;
import nl.veiligmelden.web.view.SimplePageView;
import nl.veiligmelden.web.view.StartView;
import nl.veiligmelden.web.view.TransferDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
/** Renders every template in both languages with sample data and checks what must always hold. */
class TemplatesTest {

  /** The templates are precompiled by jte-maven-plugin into this package (see web/pom.xml). */
  static final String PACKAGE = "nl.veiligmelden.web.templates";

  static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, PACKAGE);

  static final String XSS = "<script>alert(1)</script>";
  static final String XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
  static final String CODE = "ABCD-EFGH-JKMN-PQRS-TVWX";
  static final String ENROL_TOKEN = "0123456789ABCDEFGHJKMNPQRS";
  static final String OTPAUTH = "otpauth://totp/Veilig%20Melden%3Aanna?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer=Veilig%20Melden"
      + "&algorithm=SHA1&digits=6&period=30";

  static final List<String> REPORT_FIELDS = List.of(
      "category", "unit", "description", "when", "where",
      "involved_name_1", "involved_role_1", "involved_name_2", "involved_role_2",
      "involved_name_3", "involved_role_3",
      "wish", "anonymity", "pseudonym", "contact", "notify", "submission");

  static List<DateLine> dates() {
    return List.of(new DateLine("Eerste reactie", "30 maart 2026"), new DateLine("Ontvangst", "3 april 2026"),
        new DateLine("Terugkoppeling", "27 juni 2026"));
  }

  static ReceiptView receipt(Layout layout, String code, boolean repeated) {
    return new ReceiptView(layout, code, dates(), repeated, 0, "submission-token-1", "", false);
  }

  record Page(String template, Object view, boolean reporterPage) {}

  static Layout layout(String lang, boolean reporterPage) {
    return new Layout(Messages.of(lang), "/", "csrf-token-123", reporterPage,
        "Hogeschool Voorbeeld");
  }

  static List<Option> options(Messages t, String prefix, List<String> codes, boolean hints) {
    List<Option> list = new ArrayList<>();
    for (String code : codes) {
      String hint = hints ? t.get(prefix + code + ".hint") : "";
      list.add(new Option(code, t.get(prefix + code), hint));
    }
    return list;
  }

  static ReportFormView reportForm(String lang, ReportFormValues values, Map<String, String> errors,
      String formError) {
    Layout l = layout(lang, true);
    Messages t = l.t();
    return new ReportFormView(l,
        options(t, "category.", MessagesTest.CATEGORIES, true),
        List.of(new Option("u-art", "Academie voor Kunst", ""), new Option("u-ict", "ICT", "")),
        options(t, "role.", MessagesTest.ROLES, false),
        options(t, "anonymity.", MessagesTest.ANONYMITY, true),
        options(t, "wish.", MessagesTest.WISHES, true),
        options(t, "adviser.", MessagesTest.ADVISERS, true),
        values, errors, formError, "submission-token-1", 5000, true, true, 0, 0, true, "7K3Q-9XPA");
  }

  static ReportFormValues emptyValues() {
    List<InvolvedValues> none = List.of(
        new InvolvedValues("", ""), new InvolvedValues("", ""), new InvolvedValues("", ""));
    return new ReportFormValues("", "", "", "", "", none, "", "", "", "", "", "", "");
  }

  static ReportFormValues filledValues() {
    return new ReportFormValues("pesten", "u-ict", XSS + "\nline two", "maart 2026", "lokaal \"B\" & gang",
        List.of(new InvolvedValues("J. de Vries", "docent"), new InvolvedValues("", "medestudent"),
            new InvolvedValues("", "")),
        "pseudonymous", "support", "external", "", "Merel", "merel@example.org", "merel.notice@example.org");
  }

  static List<Page> pages(String lang) {
    Messages t = Messages.of(lang);
    Layout reporter = layout(lang, true);
    Layout staff = layout(lang, false);
    List<Page> pages = new ArrayList<>();

    Contacts contacts = new Contacts("Hogeschool Voorbeeld",
        "Vertrouwenspersonen: vp@voorbeeld.nl\n030 123 45 67 (ma, di)", "klachten@voorbeeld.nl", "",
        "Vertrouwensinspecteurs: 0900 111 3 111", "In de zomer reageren we trager.");
    pages.add(new Page("start.jte", new StartView(reporter, contacts, 2), true));
    pages.add(new Page("start.jte",
        new StartView(reporter, new Contacts("", "", "", "", "", ""), 1), true));

    pages.add(new Page("report-form.jte", reportForm(lang, emptyValues(), Map.of(), ""), true));
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("category", t.get("error.required"));
    errors.put("description", t.format("error.tooLong", 5000));
    errors.put("pseudonym", t.get("error.pseudonymRequired"));
    errors.put("involved_role_2", t.get("error.invalidChoice"));
    pages.add(new Page("report-form.jte",
        reportForm(lang, filledValues(), errors, t.get("error.form")), true));

    pages.add(new Page("receipt.jte", receipt(reporter, CODE, false), true));
    pages.add(new Page("receipt.jte", new ReceiptView(reporter, CODE, dates(), false, 2, "submission-token-1",
        t.get("error.lastFour.wrong"), true), true));
    pages.add(new Page("code-kept.jte", new CodeKeptView(reporter, false, dates(), "submission-token-1", true, false), true));
    pages.add(new Page("code-kept.jte", new CodeKeptView(reporter, true, dates(), "submission-token-1", true, true), true));
    pages.add(new Page("code-entry.jte", new CodeEntryView(reporter, t.format("error.code.foreign", 7, 2, 3), "", XSS), true));
    pages.add(new Page("code-entry.jte", new CodeEntryView(reporter, "", ""), true));
    pages.add(new Page("code-entry.jte", new CodeEntryView(reporter, t.get("error.code"), ""), true));

    List<MessageView> messages = List.of(
        new MessageView(false, t.get("author.handler"), "28 maart 2026", "Dank voor uw melding.\nKunt u iets meer vertellen?"),
        new MessageView(true, t.get("author.reporter"), "29 maart 2026", XSS));
    pages.add(new Page("conversation.jte", new ConversationView(reporter, t.get("status.wacht-op-melder"),
        t.get("status.wacht-op-melder.explanation"), dates(),
        t.get("category.pesten"), XSS + "\n\nTweede alinea.", messages, "", "", 2000, "once-1",
        List.of(new Option("clear", t.get("evaluation.question.clear"), "")), AttachmentsView.NONE, true, true, false), true));
    pages.add(new Page("conversation.jte", new ConversationView(reporter, t.get("status.ontvangen"),
        t.get("status.ontvangen.explanation"), dates(),
        t.get("category.anders"), "Iets.", List.of(), XSS, t.get("error.messageStorage"), 2000, "once-2", List.of(), AttachmentsView.NONE,
        false, false, true), true));
    pages.add(new Page("pulse.jte", new PulseView(reporter, List.of(new Option("kunst", "Kunst", "")),
        List.of(new Option("safe", t.get("pulse.question.safe"), "")), "kunst", Map.of("safe", "4"), t.get("error.pulse"), false), true));
    pages.add(new Page("pulse.jte", new PulseView(reporter, List.of(), List.of(), "", Map.of(), "", true), true));

    pages.add(new Page("concerned.jte", new SimplePageView(reporter), true));
    pages.add(new Page("error.jte", new ErrorView(reporter, 404, t.get("error.notFound")), true));

    pages.add(new Page("handler/login.jte", new LoginView(staff, "", "", t.get("password.done")), false));
    pages.add(new Page("handler/login.jte", new LoginView(staff, "vp\"one", t.get("error.login"), ""), false));

    DeskNav nav = new DeskNav(List.of(new DeskNav.Item("/handler/reports?view=mine", t.get("desk.view.mine"), 12, 3, true),
        new DeskNav.Item("/handler/reports?view=queue", t.get("desk.view.queue"), 4, 1, false)),
        List.of(new Option("/handler/search", t.get("search.link"), "")));
    List<InboxRow> rows = List.of(
        new InboxRow("VM-2026-0001", "/handler/reports/VM-2026-0001", t.format("desk.reason.unread", 2), "unread", t.get("desk.due.today"),
            false, 2, t.get("category.pesten"), "ICT", t.get("status.in-behandeling"), "27 maart 2026", "", "", false, false, List.of()),
        new InboxRow("VM-2026-0002", "", t.get("desk.reason.acknowledge"), "acknowledge", t.format("desk.due.late", "4 april 2026"), true, 0,
            t.get("category.anders"), t.get("unit.none"), t.get("status.ontvangen"), "28 maart 2026", "", t.get("handler.adviser.external"),
            true, false, List.of()),
        new InboxRow("VM-2026-0003", "", t.get("desk.reason.queued"), "queued", t.format("desk.due.by", "5 april 2026"), false, 0,
            t.get("category.anders"), t.get("unit.none"), t.get("status.ontvangen"), "29 maart 2026", "anna", "", false, true, List.of()),
        new InboxRow("VM-2026-0004", "", t.get("desk.reason.queued"), "queued", t.format("desk.due.by", "5 april 2026"), false, 0,
            t.get("category.anders"), XSS, t.get("status.ontvangen"), "29 maart 2026", "", "", false, false,
            List.of(new Option("bea", "Bea Bakker", ""))));
    List<Option> none = List.of();
    var filters = new InboxFilters("mine", options(t, "status.", MessagesTest.STATUSES, false), options(t, "category.", MessagesTest.CATEGORIES, false),
        List.of(new Option("ict", "ICT", "")), List.of(new Option("now", t.get("desk.filter.due.now"), "")),
        List.of(new Option("attention", t.get("desk.sort.attention"), "")), "", "pesten", "", "", "attention");
    pages.add(new Page("handler/inbox.jte", new InboxView(staff, "Anna Jansen", nav, t.get("desk.view.mine"), t.get("desk.view.mine.intro"),
        rows, filters, List.of(t.get("directory.changed")), 3), false));
    pages.add(new Page("handler/inbox.jte", new InboxView(staff, "Anna Jansen", DeskNav.NONE, t.get("desk.view.queue"),
        t.get("desk.view.queue.intro"), List.of(), new InboxFilters("queue", none, none, none, none, none, "", "", "", "", ""),
        List.of(), 0), false));
    pages.add(new Page("handler/directory.jte", new DirectoryView(staff, "Anna Jansen", "AAAA-BBBB-CCCC-DDDD-EEEE", "7K3Q-9XPA-M2C4-TT8W-Q1ZD",
        true, List.of(new DirectoryView.Row("bea", XSS, "Vertrouwenspersoon", "1111-2222-3333-4444-5555", "3 april 2026", "anna",
            t.get("directory.state.waiting"), true)), true, "", "", ""), false));
    pages.add(new Page("handler/directory.jte", new DirectoryView(staff, "Anna Jansen", "", "", false, List.of(), false,
        t.get("error.fingerprint"), "bea", XSS), false));
    pages.add(new Page("handler/directory.jte", new DirectoryView(staff, "Anna Jansen", "AAAA-BBBB-CCCC-DDDD-EEEE", "7K3Q-9XPA-M2C4-TT8W-Q1ZD",
        true, List.of(new DirectoryView.Row("bea", "Bea", "Vertrouwenspersoon", "1111-2222-3333-4444-5555", "3 april 2026", "",
            t.get("directory.state.waiting"), true)), false, t.get("error.fingerprint"), "bea", XSS), false));
    pages.add(new Page("handler/password.jte", new PasswordView(staff, "Anna Jansen", 12, Map.of(), "7K3Q-9XPA-M2C4"), false));
    pages.add(new Page("handler/password.jte", new PasswordView(staff, "Anna Jansen", 12,
        Map.of("current", t.get("error.passwordWrong"), "password", XSS), ""), false));
    var insights = new InsightsView(staff, "Olga", false, "2025-12", "2026-11", "", "48",
        List.of(new InsightsView.Chart("category", t.get("insights.by.category"), List.of(new InsightsView.Bar(XSS, "12", 100, false),
            new InsightsView.Bar(t.get("category.pesten"), "<5", 0, true)))), t.format("followup.heading", 2026),
        List.of(new InsightsView.Figure(t.get("followup.reports"), "48")), 2, "from=2025-12&to=2026-11",
        List.of(new InsightsView.Chart("pulse-safe", t.format("insights.pulse", t.get("pulse.question.safe")),
            List.of(new InsightsView.Bar(t.get("likert.1"), "<5", 0, true)))), List.of(), "14:05");
    pages.add(new Page("handler/insights.jte", insights, false));
    pages.add(new Page("handler/insights.jte", new InsightsView(staff, "Olga", true, "2026-01", "2026-12", t.format("error.tooFewReports", 5), "",
        List.of(), t.format("followup.heading", 2026), List.of(), 0, "from=2026-01&to=2026-12", List.of(), List.of(), "14:05"), false));
    pages.add(new Page("handler/catalogue.jte", new CatalogueView(staff, "Bram", List.of(new CatalogueView.UnitRow("kunst", XSS, "Art", true),
        new CatalogueView.UnitRow("oud", "Oud", "Old", false)), List.of(new CatalogueView.CategoryRow("pesten", t.get("category.pesten"), true),
        new CatalogueView.CategoryRow("anders", t.get("category.anders"), false)), t.get("error.unitExists")), false));
    pages.add(new Page("handler/disclosures.jte", new DisclosuresView(staff, "Bob Bewaar",
        List.of(new DisclosuresView.Row("d1", "VM-2026-0001", "of-jan", XSS, "3 april 2026"))), false));
    pages.add(new Page("handler/search.jte", new SearchView(staff, "Anna", XSS, true, List.of("VM-2026-0001"), ""), false));
    pages.add(new Page("handler/search.jte", new SearchView(staff, "Anna", "", true, List.of(), t.get("error.searchQuery")), false));
    pages.add(new Page("handler/signals.jte", new SignalsView(staff, "Olga", 2, List.of(new SignalsView.ClusterRow("9f01", 3,
        t.get("strength.strong"), t.get("category.pesten"), "Kunst", t.get("role.docent"), "maart 2025", "oktober 2026", "anna",
        t.format("signals.tally", 2, 1, 0))), t.format("signals.asked", 2)), false));
    pages.add(new Page("handler/signals.jte", new SignalsView(staff, "Olga", 2, List.of(), ""), false));
    pages.add(new Page("handler/meetings.jte", new MeetingsView(staff, "Anna", List.of(
        new MeetingsView.MeetingRow(1, "VM-2026-0001", "3 april 2026", ""),
        new MeetingsView.MeetingRow(2, "VM-2026-0002", "3 april 2026", t.get("meetings.answer.yes")))), false));
    pages.add(new Page("handler/accounts.jte", new AccountsView(staff, "Bram Beheer",
        List.of(new AccountsView.AccountRow("anna", "Anna Jansen", t.get("roleName.vertrouwenspersoon"), false, true,
                List.of("vertrouwenspersoon")),
            new AccountsView.AccountRow("bram", "Bram Beheer", t.get("roleName.beheerder"), true, false, List.of("beheerder"))),
        List.of(new Option("vertrouwenspersoon", t.get("roleName.vertrouwenspersoon"), t.get("roleName.vertrouwenspersoon.hint"))),
        new AccountsView.Issued("anna", "/" + lang + "/handler/enrol/" + ENROL_TOKEN, "30 maart 2026", false, true), t.get("error.rolesRequired"),
        new AccountsView.AccountDraft("an\"na", XSS, List.of("vertrouwenspersoon")),
        new AccountsView.RowError("anna", t.get("error.rolesRequired"))), false));
    pages.add(new Page("handler/enrol.jte", new EnrolmentView(staff, "anna", ENROL_TOKEN, 12, "", "7K3Q-9XPA-M2C4"), false));
    pages.add(new Page("handler/enrol.jte", new EnrolmentView(staff, XSS, ENROL_TOKEN, 12, t.get("error.passwordMismatch"), ""), false));
    pages.add(new Page("handler/enrolled.jte", new EnrolledView(new Layout(t, "", "", false, "Hogeschool Voorbeeld"), XSS,
        OTPAUTH, "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567", "7K3Q-9XPA-M2C4-TT8W-Q1ZD"), false));

    List<Option> statuses = new ArrayList<>();
    for (String s : MessagesTest.STATUSES) {
      statuses.add(new Option(s, t.get("status." + s), ""));
    }
    CaseDetail full = new CaseDetail("VM-2026-0001", "27 maart 2026", "3 april 2026", "30 maart 2026",
        t.get("category.pesten"), "ICT", "in-behandeling", t.get("status.in-behandeling"),
        t.get("anonymity.pseudonymous"), t.get("wish.support"), t.get("language.nl"), XSS,
        "maart 2026", "studio 3", List.of(new PersonView("J. de Vries", t.get("role.docent")),
            new PersonView("", t.get("role.medestudent"))),
        "Merel", "merel@example.org");
    List<CaseMessageView> caseMessages = List.of(
        new CaseMessageView(false, t.get("author.handler"), "28 maart 2026", "Dank voor uw melding.", false),
        new CaseMessageView(true, t.get("author.reporterToHandler"), "29 maart 2026", XSS, true));
    pages.add(new Page("handler/case.jte", new CaseView(staff, "Anna Jansen", nav, full, caseMessages, 1, "", "", 2000, "once-3", true,
        List.of(new LinkedReportView("VM-2026-0001", "27 maart 2026", t.get("category.pesten"), t.get("status.in-behandeling"), "",
            t.get("case.linked.you"), true), new LinkedReportView("VM-2026-0009", "2 april 2026", t.get("category.anders"),
            t.get("status.ontvangen"), "/handler/reports/VM-2026-0009", t.get("case.linked.you"), false)),
        List.of("VM-2026-0009"), 2, AttachmentsView.NONE), false));
    pages.add(new Page("handler/case-section.jte", new CaseSectionView(staff, "Anna Jansen", nav, "status", "VM-2026-0001", "in-behandeling",
        t.get("status.in-behandeling"), statuses, XSS, t.get("error.closingMessageRequired"), 2000, List.of(), List.of(), List.of(), List.of(),
        "", "", false, List.of(), TransferDraft.NONE), false));
    pages.add(new Page("handler/case-section.jte", new CaseSectionView(staff, "Anna Jansen", nav, "process", "VM-2026-0001", "in-behandeling",
        t.get("status.in-behandeling"), statuses, "", "", 2000,
        List.of(new EntryView(t.get("entry.kind.extern-gedeeld"), t.get("ground.toestemming"), "Anna Jansen", "29 maart 2026",
            XSS, "Huisarts", "Zorg", false, List.of(t.get("question.anderen")))),
        List.of(new Option("notitie", t.get("entry.kind.notitie"), "")), List.of(new Option("toestemming", t.get("ground.toestemming"), "")),
        List.of(new Option("anderen", t.get("question.anderen"), "")), XSS, t.get("error.required"), true, List.of(), TransferDraft.NONE),
        false));
    pages.add(new Page("handler/case-section.jte", new CaseSectionView(staff, "Anna Jansen", nav, "transfer", "VM-2026-0001", "in-behandeling",
        t.get("status.in-behandeling"), statuses, "", "", 2000, List.of(), List.of(), List.of(), List.of(), "", "", false,
        List.of(new Option("of-jan", "Jan (ombudsfunctionaris)", "")), TransferDraft.refused(XSS)), false));
    CaseDetail sparse = new CaseDetail("VM-2026-0002", "28 maart 2026", "4 april 2026", "31 maart 2026",
        t.get("category.anders"), t.get("unit.none"), "ontvangen", t.get("status.ontvangen"),
        t.get("anonymity.anonymous"), t.get("wish.record"), t.get("language.en"), "Iets.", "", "",
        List.of(), "", "");
    pages.add(new Page("handler/case.jte", new CaseView(staff, "Anna Jansen", DeskNav.NONE, sparse, List.of(), 0,
        XSS, t.get("error.messageEmpty"), 2000, "once-4", false, List.of(), List.of(), 0, AttachmentsView.NONE), false));
    // retention: the confirmation before a VP deletes a report on the reporter's request
    pages.add(new Page("handler/delete-report.jte", new DeleteReportView(staff, "Anna Jansen", "VM-2026-0001", ""), false));
    pages.add(new Page("handler/delete-report.jte", new DeleteReportView(staff, XSS, "VM-2026-0001",
        t.get("error.deleteConfirm")), false));
    return pages;
  }

  static String render(String template, Object view) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, view, out);
    return out.toString();
  }

  static void assertNoMatch(String regex, String html, String what) {
    Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(html);
    assertFalse(m.find(), () -> what + ": " + m.group());
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en", "de", "ar"})
  void everyTemplateRendersSafely(String lang) {
    for (Page page : pages(lang)) {
      String html = render(page.template(), page.view());
      String where = lang + " " + page.template() + ": ";
      assertTrue(html.startsWith("<!DOCTYPE html>"), where + "no doctype");
      assertTrue(html.contains("<html lang=\"" + lang + "\" dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\">"), where + "wrong lang or dir");
      assertFalse(html.contains("??"), where + "a missing message key");
      assertNoMatch("<script(?![^>]*\\bsrc\\s*=)[^>]*>", html, where + "inline script");
      assertNoMatch("<style", html, where + "inline style element");
      assertNoMatch("\\sstyle\\s*=", html, where + "style attribute");
      assertNoMatch("<[^>]*\\son[a-z]+\\s*=", html, where + "inline event handler");
      assertNoMatch("https?://", html, where + "external URL");
      assertNoMatch("(?:href|src|action)=\"//", html, where + "protocol-relative URL");
      assertFalse(html.contains(XSS), where + "unescaped user text");
      assertFalse(html.contains("=\"\"\""), where + "broken attribute");
      assertTrue(html.contains("<meta name=\"referrer\" content=\"no-referrer\">"), where + "referrer");
      assertTrue(html.contains("<script src=\"/static/enhance.js\" defer></script>"), where + "script");
      assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/static/app.css\">"), where + "css");
      assertTrue(html.contains("href=\"/" + lang + "/report\""), where + "footer");
      if (page.reporterPage()) {
        assertTrue(html.contains("<a class=\"quick-exit\" id=\"quick-exit\" href=\"/" + lang + "/exit\">"), where + "quick exit");
        assertTrue(html.contains("tel:112"), where + "112 notice");
      } else {
        assertFalse(html.contains("quick-exit"), where + "quick exit on a staff page");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void userTextIsEscaped(String lang) {
    int escaped = 0;
    for (Page page : pages(lang)) {
      String html = render(page.template(), page.view());
      assertFalse(html.contains(XSS), page.template());
      if (html.contains(XSS_ESCAPED)) {
        escaped++;
      }
    }
    // report form (refilled), conversation (description, message, draft), case (description, message, draft)
    assertTrue(escaped >= 5, "sample text with a script tag should appear escaped, found " + escaped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void reportFormHasEveryFieldAndRefillsThem(String lang) {
    String empty = render("report-form.jte", reportForm(lang, emptyValues(), Map.of(), ""));
    for (String field : REPORT_FIELDS) {
      assertTrue(empty.contains("name=\"" + field + "\""), lang + " report form lacks " + field);
    }
    assertTrue(empty.contains("<form method=\"post\" action=\"/" + lang + "/report\" autocomplete=\"off\""));
    assertTrue(empty.contains("maxlength=\"5000\""));
    assertEquals(1, count(empty, " checked"), "only the most private way of reporting is preselected");
    assertTrue(Pattern.compile("<input[^>]*name=\"anonymity\"[^>]*value=\"anonymous\"[^>]*checked").matcher(empty).find());
    assertFalse(empty.contains("aria-invalid"), "no errors yet");
    assertFalse(empty.contains("role=\"alert\""), "no errors yet");
    for (String code : MessagesTest.CATEGORIES) {
      assertTrue(empty.contains("value=\"" + code + "\""), "category " + code);
    }

    Messages t = Messages.of(lang);
    Map<String, String> errors = Map.of("pseudonym", t.get("error.pseudonymRequired"));
    String filled = render("report-form.jte", reportForm(lang, filledValues(), errors, t.get("error.form")));
    assertTrue(filled.contains("<option value=\"pesten\" selected>"), "the category chosen");
    assertTrue(Pattern.compile("<input[^>]*name=\"wish\"[^>]*value=\"support\"[^>]*checked").matcher(filled).find());
    assertTrue(Pattern.compile("<input[^>]*name=\"anonymity\"[^>]*value=\"pseudonymous\"[^>]*checked").matcher(filled).find());
    assertTrue(Pattern.compile("<input[^>]*name=\"adviser\"[^>]*value=\"external\"[^>]*checked").matcher(filled).find());
    assertEquals(3, count(filled, " checked"), "one choice per radio group");
    assertTrue(filled.contains("<option value=\"u-ict\" selected>"));
    assertTrue(Pattern.compile("<select[^>]*name=\"involved_role_1\"[\\s\\S]*?<option value=\"docent\" selected>").matcher(filled).find());
    assertTrue(Pattern.compile("<select[^>]*name=\"involved_role_2\"[\\s\\S]*?<option value=\"medestudent\" selected>").matcher(filled).find());
    assertTrue(filled.contains("value=\"J. de Vries\""));
    assertTrue(filled.contains("value=\"lokaal &#34;B&#34; &amp; gang\"") || filled.contains("value=\"lokaal &quot;B&quot; &amp; gang\""));
    assertTrue(filled.contains("value=\"maart 2026\""));
    assertTrue(filled.contains("value=\"Merel\""));
    assertTrue(filled.contains("value=\"merel@example.org\""));
    assertTrue(filled.contains(">\n" + XSS_ESCAPED + "\nline two</textarea>"), "the parser drops only the newline after the tag");
    assertTrue(filled.contains("role=\"alert\""));
    assertTrue(filled.contains("<a href=\"#pseudonym\">" + t.get("error.pseudonymRequired") + "</a>"), "the summary links to the field");
    assertTrue(filled.contains("id=\"pseudonym-error\""));
    assertTrue(filled.contains("aria-describedby=\"pseudonym-hint pseudonym-error\""));
    assertTrue(filled.contains("name=\"submission\" value=\"submission-token-1\""));
  }

  /** The switcher offers every other served language, each in its own name, script and direction. */
  @Test
  void theLanguageSwitcherListsEveryOtherLanguageInItsOwnName() {
    String html = render("error.jte", new ErrorView(new Layout(Messages.of("de"), "/report", "", true, "Hogeschool Voorbeeld"), 404, "x"));
    Matcher nav = Pattern.compile("<nav class=\"lang-switch\" aria-label=\"Andere Sprachen\">(.*?)</nav>", Pattern.DOTALL).matcher(html);
    assertTrue(nav.find(), "a labelled switcher");
    String links = nav.group(1);
    assertTrue(links.contains("<a href=\"/nl/report\" lang=\"nl\" hreflang=\"nl\" dir=\"ltr\">Nederlands</a>"), links);
    assertTrue(links.contains("<a href=\"/en/report\" lang=\"en\" hreflang=\"en\" dir=\"ltr\">English</a>"), links);
    assertTrue(links.contains("<a href=\"/ar/report\" lang=\"ar\" hreflang=\"ar\" dir=\"rtl\">العربية</a>"), links);
    assertFalse(links.contains("/de/"), "not the page's own language");
    assertEquals(Messages.languages().size() - 1, count(links, "hreflang="));
  }

  /**
   * The phone form: the category a compact list with its explanation folded under "help me choose",
   * the optional parts folded into sections that open without JavaScript (and open by themselves
   * when they hold what was typed or an error), and the errors summed up first, each linked to its
   * field, with "Fout:"/"Error:" in the title.
   */
  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void reportFormFoldsTheOptionalPartsAndSumsUpItsErrors(String lang) {
    Messages t = Messages.of(lang);
    String empty = render("report-form.jte", reportForm(lang, emptyValues(), Map.of(), ""));
    assertTrue(Pattern.compile("<select id=\"category\" name=\"category\"").matcher(empty).find(), "a compact choice");
    assertTrue(empty.contains("<details class=\"help\" id=\"category-help\">"), "help me choose");
    assertTrue(empty.indexOf("id=\"category\"") < empty.indexOf("id=\"description\""), "the description right after the category");
    for (String section : List.of("section-when", "section-people", "section-anonymity", "section-notify")) {
      assertTrue(empty.contains("<details class=\"section\" id=\"" + section + "\">"), section + " folded, closed");
    }
    assertFalse(empty.contains("error-summary"));
    assertTrue(empty.contains("<title>" + t.get("title.report") + " ·"), "no error prefix without errors");

    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("description", "Beschrijf <b>");
    errors.put("category", "Kies");
    errors.put("when", "Te lang");
    String wrong = render("report-form.jte", reportForm(lang, emptyValues(), errors, t.get("error.form")));
    assertTrue(wrong.contains("<title>" + t.get("layout.errorPrefix") + " " + t.get("title.report") + " ·"), "error prefix in the title");
    assertTrue(wrong.contains("id=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus"),
        "the summary takes focus without JavaScript");
    int summary = wrong.indexOf("error-summary-list");
    assertTrue(summary > 0 && summary < wrong.indexOf("<form"), "the summary comes before the form");
    // In the order of the form, each linked to its field; "check the fields below" says nothing the list does not.
    int category = wrong.indexOf("<a href=\"#category\">Kies</a>");
    int description = wrong.indexOf("<a href=\"#description\">Beschrijf &lt;b&gt;</a>");
    int when = wrong.indexOf("<a href=\"#when\">Te lang</a>");
    assertTrue(category > 0 && category < description && description < when, wrong);
    assertFalse(wrong.substring(summary, wrong.indexOf("<form")).contains(t.get("error.form")));
    assertTrue(wrong.contains("<details class=\"section\" id=\"section-when\" open>"), "a section with an error opens");
    String filled = render("report-form.jte", reportForm(lang, filledValues(), Map.of(), ""));
    for (String section : List.of("section-when", "section-people", "section-anonymity", "section-notify")) {
      assertTrue(filled.contains("<details class=\"section\" id=\"" + section + "\" open>"), section + " opens to show what was typed");
    }
    assertTrue(filled.contains("value=\"merel.notice@example.org\""));
    assertTrue(filled.contains("value=\"7K3Q-9XPA\""), "a code that did not open the earlier report is kept");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void phoneNumbersAreLinks(String lang) {
    Messages t = Messages.of(lang);
    String start = render("start.jte", pages(lang).get(0).view());
    assertTrue(start.contains("href=\"tel:08000188\""), "Centrum Seksueel Geweld");
    assertTrue(start.contains("href=\"tel:113\"") && start.contains("href=\"tel:08000113\""), "113");
    assertTrue(start.contains("href=\"tel:0301234567\""), "the institution's VP number");
    assertTrue(start.contains("href=\"tel:09001113111\""), "the inspectorate");
    assertFalse(start.contains("tel:2026") || start.contains("tel:3500"), "no dates or postcodes");
    assertTrue(start.contains("class=\"js-only\" hidden>" + t.get("start.anon.escape")), "Esc twice only where the script runs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en", "ar"})
  void receiptShowsTheCodeOnceWithHiddenButtons(String lang) {
    String html = render("receipt.jte", receipt(layout(lang, true), CODE, false));
    assertTrue(html.contains("<output id=\"return-code\" class=\"return-code\" dir=\"ltr\">" + CODE + "</output>"), "the code reads left to right on every page");
    assertEquals(1, count(html, CODE));
    assertTrue(Pattern.compile("<button type=\"button\" id=\"copy-code\"[^>]*data-copied=\"[^\"]+\"[^>]*hidden>").matcher(html).find());
    assertTrue(Pattern.compile("<button type=\"button\" id=\"print-code\"[^>]*hidden>").matcher(html).find());
    assertTrue(html.contains("3 april 2026") && html.contains("30 maart 2026"));
    assertTrue(html.contains("href=\"/" + lang + "/return\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void aRepeatedFormSaysSoAndShowsNoCodeOnceItsWindowHasPassed(String lang) {
    String again = render("receipt.jte", receipt(layout(lang, true), CODE, true));
    assertTrue(again.contains(Messages.of(lang).get("receipt.repeated")));
    assertTrue(again.contains(CODE));
    String gone = render("receipt.jte", receipt(layout(lang, true), "", true));
    assertTrue(gone.contains(Messages.of(lang).get("receipt.repeatedNoCode")));
    assertFalse(gone.contains("id=\"return-code\""));
    assertFalse(gone.contains("id=\"copy-code\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void codeFieldIsNotRemembered(String lang) {
    String html = render("code-entry.jte", new CodeEntryView(layout(lang, true), "", ""));
    assertTrue(html.contains("action=\"/" + lang + "/return\""));
    Matcher m = Pattern.compile("<input[^>]*name=\"code\"[^>]*>").matcher(html);
    assertTrue(m.find());
    String input = m.group();
    for (String attr : List.of("autocomplete=\"off\"", "autocapitalize=\"characters\"",
        "spellcheck=\"false\"", "autocorrect=\"off\"", "inputmode=\"text\"")) {
      assertTrue(input.contains(attr), attr);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void signedInFormsCarryTheCsrfToken(String lang) {
    for (Page page : pages(lang)) {
      String html = render(page.template(), page.view());
      if (page.template().startsWith("handler/c") || page.template().equals("handler/inbox.jte")
          || page.template().equals("conversation.jte")) {
        // Every form that changes something; a GET form (the desk's filters) must not put the token in a URL.
        int forms = count(html, "<form method=\"post\"");
        assertEquals(count(html, "<form "), forms + count(html, "<form method=\"get\""), page.template());
        assertEquals(forms, count(html, "<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-123\">"),
            page.template());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void caseViewSkipsEmptyFieldsAndSelectsTheStatus(String lang) {
    List<Page> cases = pages(lang).stream().filter(p -> p.template().equals("handler/case.jte")).toList();
    String full = render(cases.get(0).template(), cases.get(0).view());
    String sparse = render(cases.get(1).template(), cases.get(1).view());
    Messages t = Messages.of(lang);
    assertTrue(full.contains(t.get("handler.field.contact")));
    assertTrue(full.contains("J. de Vries"));
    assertTrue(full.contains("action=\"/" + lang + "/handler/reports/VM-2026-0001/messages\""));
    assertTrue(full.contains("href=\"/" + lang + "/handler/reports/VM-2026-0001/status\""), "the status has a page of its own");
    assertTrue(full.indexOf("id=\"messages-heading\"") < full.indexOf("id=\"details-heading\""), "the conversation leads");
    assertFalse(full.contains("name=\"kind\""), "the careful-process log is on its own page");
    for (String key : List.of("handler.field.when", "handler.field.where", "handler.field.involved",
        "handler.field.pseudonym", "handler.field.contact")) {
      assertFalse(sparse.contains("<dt>" + t.get(key) + "</dt>"), key);
    }
    String status = render("handler/case-section.jte", pages(lang).stream().filter(p -> p.template().equals("handler/case-section.jte"))
        .findFirst().orElseThrow().view());
    assertTrue(status.contains("<option value=\"in-behandeling\" selected>"));
    assertTrue(status.contains("action=\"/" + lang + "/handler/reports/VM-2026-0001/status\""));
    assertTrue(Pattern.compile("<div class=\"choice\">\\s*<input type=\"checkbox\" id=\"measures\"[^>]*>\\s*<label for=\"measures\">[^<]*</label>"
        + "\\s*<p class=\"choice-hint\" id=\"measures-hint\">").matcher(status).find(), "the hint sits under its label, not in the box's column");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nl", "en"})
  void enrolmentAsksForThePasswordTwiceAndShowsTheSecondFactorOnce(String lang) {
    Messages t = Messages.of(lang);
    String form = render("handler/enrol.jte", new EnrolmentView(layout(lang, false), "anna", ENROL_TOKEN, 12, "", ""));
    assertTrue(form.contains("action=\"/" + lang + "/handler/enrol/" + ENROL_TOKEN + "\""));
    assertEquals(2, count(form, "type=\"password\""));
    assertEquals(2, count(form, "autocomplete=\"new-password\""));
    assertTrue(form.contains("minlength=\"12\""));
    assertTrue(form.contains("<label for=\"password\">") && form.contains("<label for=\"confirm\">"));
    assertTrue(form.contains("aria-describedby=\"password-hint\""));
    assertTrue(form.contains(t.format("enrol.password.hint", 12)));
    assertFalse(form.contains("role=\"alert\""), "no error yet");
    String failed = render("handler/enrol.jte", new EnrolmentView(layout(lang, false), "anna", ENROL_TOKEN, 12,
        t.get("error.passwordMismatch"), ""));
    assertTrue(failed.contains("role=\"alert\" id=\"enrol-error\""));
    assertTrue(failed.contains("aria-describedby=\"password-hint enrol-error\""));
    assertTrue(failed.contains("aria-invalid=\"true\""));

    String done = render("handler/enrolled.jte", new EnrolledView(new Layout(t, "", "", false, "Hogeschool Voorbeeld"), "anna",
        OTPAUTH, "ABCD EFGH", "7K3Q-9XPA-M2C4-TT8W-Q1ZD"));
    assertTrue(done.contains("7K3Q-9XPA-M2C4-TT8W-Q1ZD"), "the key's fingerprint, to read out to the colleague who signs it");
    assertTrue(done.contains("href=\"otpauth://totp/"), "a phone opens the link in the authenticator app");
    assertTrue(done.contains("ABCD EFGH"));
    assertFalse(done.contains("class=\"lang-switch\""), "switching language would leave the page and the key");
    assertTrue(done.contains("href=\"/" + lang + "/handler/login\""));
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
