package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;

/**
 * The handler's desk as an inbox (docs/DESIGN.md, "The desk"): her views ("mine", "the queue",
 * for the intake coordinator "all"), each row with why it is where it is, most pressing first:
 * an unread message of the reporter, then what is due today or overdue (acknowledgement, first
 * reply, the 3-month feedback, waiting on the reporter for more than 14 days), then the rest by
 * its next date. The page and {@code GET /api/v1/handler/reports} show the same rows in the same
 * order.
 */
public final class Inbox {
  /** How long a case may wait on the reporter before it asks for attention again. */
  public static final int WAITING_DAYS = 14;

  /** One of the views of the desk. */
  public enum View {
    MINE("mine"),
    QUEUE("queue"),
    ALL("all");

    private final String code;

    View(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<View> fromCode(String code) {
      return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
  }

  /** Why a row is where it is; the first five ask for attention, in this order. */
  public enum Reason {
    UNREAD("unread"),
    ACKNOWLEDGE("acknowledge"),
    FIRST_REPLY("firstReply"),
    FEEDBACK("feedback"),
    WAITING("waiting"),
    QUEUED("queued"),
    NEXT("next"),
    CLOSED("closed");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** Unread, or due today or overdue. */
    public boolean pressing() {
      return ordinal() <= WAITING.ordinal();
    }
  }

  /** How the rows are ordered: most pressing first (the default), by the next date, or newest first. */
  public enum Sort {
    ATTENTION("attention"),
    DUE("due"),
    SUBMITTED("submitted");

    private final String code;

    Sort(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Sort> fromCode(String code) {
      return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
  }

  /** Which dates to keep: due today or overdue, or due within a week. */
  public enum Due {
    NOW("now"),
    WEEK("week");

    private final String code;

    Due(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Due> fromCode(String code) {
      return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
    }
  }

  /** What the handler asked for, as typed (codes; "" for none): checked by {@link #filter}. */
  public record Asked(String view, String status, String category, String unit, String due, String sort) {
    public static final Asked NOTHING = new Asked("", "", "", "", "", "");
  }

  /** A checked request: the view (empty: everything she may see) and what to keep and how to order it. */
  public record Filter(Optional<View> view, Optional<Status> status, Optional<Category> category, Optional<String> unit,
      Optional<Due> due, Sort sort) {}

  /**
   * One row. {@code due}: the date its reason counts from (the deadline, or the day it began to wait
   * on the reporter), empty where there is none (closed). {@code mayTake}: in the queue, and fit
   * for the viewer to take (the wish for an internal or external adviser, the board role).
   */
  public record Row(CaseList.Summary summary, Reason reason, Optional<LocalDate> due, boolean overdue, boolean mayTake) {}

  /** How many rows a view has, and how many of them ask for attention. */
  public record Count(int rows, int pressing) {}

  private final CaseList list;
  private final boolean vpMayClaim;

  public Inbox(CaseList list, boolean vpMayClaim) {
    this.list = list;
    this.vpMayClaim = vpMayClaim;
  }

  /** The views this account has, in the order of the navigation. */
  public Set<View> views(Account account) {
    var views = EnumSet.noneOf(View.class);
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(Role.OMBUDSFUNCTIONARIS) || account.has(list.boardRole())) {
      views.add(View.MINE);
    }
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(list.boardRole()) || account.has(Role.INTAKE)) {
      views.add(View.QUEUE);
    }
    if (account.has(Role.INTAKE)) {
      views.add(View.ALL);
    }
    return views;
  }

  /** The view a page opens with: her own cases where she has any, else the queue. */
  public View home(Account account) {
    Set<View> views = views(account);
    if (views.isEmpty()) {
      throw Refusal.forbidden();
    }
    return views.iterator().next();
  }

  /** Checks what was asked: an unknown code is refused by its field (422), a view she does not have is 403. */
  public Filter filter(Account account, Asked asked, boolean defaultToHome) throws SQLException, GeneralSecurityException {
    var problems = new LinkedHashMap<String, Problem>();
    Optional<View> view = parse(asked.view(), View::fromCode, "view", problems);
    Optional<Status> status = parse(asked.status(), Status::fromCode, "status", problems);
    Optional<Category> category = parse(asked.category(), Category::fromCode, "category", problems);
    Optional<String> unit = blank(asked.unit()) ? Optional.empty() : Optional.of(asked.unit());
    if (unit.isPresent() && !unit.get().matches("[a-z0-9-]{1,40}")) {
      problems.put("unit", new Problem("error.invalidChoice"));
    }
    Optional<Due> due = parse(asked.due(), Due::fromCode, "due", problems);
    Optional<Sort> sort = parse(asked.sort(), Sort::fromCode, "sort", problems);
    if (!problems.isEmpty()) {
      throw Refusal.invalidFields(problems);
    }
    if (view.isPresent() && !views(account).contains(view.get())) {
      throw Refusal.forbidden();
    }
    if (view.isEmpty() && defaultToHome) {
      view = Optional.of(home(account));
    }
    return new Filter(view, status, category, unit, due, sort.orElse(Sort.ATTENTION));
  }

  @FunctionalInterface
  private interface Parser<T> {
    Optional<T> parse(String code);
  }

  private static <T> Optional<T> parse(String code, Parser<T> parser, String field, Map<String, Problem> problems) {
    if (blank(code)) {
      return Optional.empty();
    }
    Optional<T> parsed = parser.parse(code);
    if (parsed.isEmpty()) {
      problems.put(field, new Problem("error.invalidChoice"));
    }
    return parsed;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The rows of a view (or of every view she has), filtered and ordered. */
  public List<Row> rows(Account account, Filter filter, LocalDate today) throws SQLException, GeneralSecurityException {
    List<View> views = filter.view().map(List::of).orElseGet(() -> List.copyOf(views(account)));
    if (views.isEmpty()) {
      throw Refusal.forbidden();
    }
    var seen = new LinkedHashMap<String, Row>();
    for (View view : views) {
      for (CaseList.Summary s : summaries(account, view)) {
        seen.putIfAbsent(s.id(), row(account, s, today));
      }
    }
    return seen.values().stream().filter(r -> keep(r, filter, today)).sorted(order(filter.sort())).toList();
  }

  /** For the navigation: per view she has, how many rows, and how many ask for attention. */
  public Map<View, Count> counts(Account account, LocalDate today) throws SQLException, GeneralSecurityException {
    var counts = new EnumMap<View, Count>(View.class);
    for (View view : views(account)) {
      List<Row> rows = summaries(account, view).stream().map(s -> row(account, s, today)).toList();
      counts.put(view, new Count((int) rows.stream().filter(r -> r.summary().open()).count(),
          (int) rows.stream().filter(r -> r.reason().pressing()).count()));
    }
    return counts;
  }

  private List<CaseList.Summary> summaries(Account account, View view) throws SQLException, GeneralSecurityException {
    return switch (view) {
      case MINE -> list.mine(account);
      case QUEUE -> {
        // The coordinator sees every report she may hand out; a VP only those that fit her.
        List<CaseList.Summary> queued = list.queue(account);
        yield account.has(Role.INTAKE) ? queued
            : queued.stream().filter(s -> Assignments.unfit(account, s.routing()).isEmpty()).toList();
      }
      case ALL -> list.all(account);
    };
  }

  private Row row(Account account, CaseList.Summary s, LocalDate today) {
    boolean mayTake = s.assigneeId().isEmpty() && (account.has(Role.VERTROUWENSPERSOON) && vpMayClaim || account.has(list.boardRole()))
        && Assignments.unfit(account, s.routing()).isEmpty();
    if (!s.open()) {
      return new Row(s, Reason.CLOSED, Optional.empty(), false, false);
    }
    if (s.unreadMessages() > 0) {
      return new Row(s, Reason.UNREAD, Optional.of(s.nextDue()), s.overdue(today), mayTake);
    }
    if (!s.answered() && !today.isBefore(s.acknowledgeBy())) {
      return new Row(s, Reason.ACKNOWLEDGE, Optional.of(s.acknowledgeBy()), today.isAfter(s.acknowledgeBy()), mayTake);
    }
    if (!s.answered() && !today.isBefore(s.firstReplyBy())) {
      return new Row(s, Reason.FIRST_REPLY, Optional.of(s.firstReplyBy()), today.isAfter(s.firstReplyBy()), mayTake);
    }
    if (s.answered() && !today.isBefore(s.feedbackBy())) {
      return new Row(s, Reason.FEEDBACK, Optional.of(s.feedbackBy()), today.isAfter(s.feedbackBy()), mayTake);
    }
    if (s.status() == Status.WACHT_OP_MELDER && today.isAfter(s.statusOn().plusDays(WAITING_DAYS))) {
      return new Row(s, Reason.WAITING, Optional.of(s.statusOn()), true, mayTake);
    }
    return new Row(s, s.assigneeId().isEmpty() ? Reason.QUEUED : Reason.NEXT, Optional.of(s.nextDue()), false, mayTake);
  }

  private static boolean keep(Row r, Filter f, LocalDate today) {
    CaseList.Summary s = r.summary();
    return f.status().map(st -> st == s.status()).orElse(true)
        && f.category().map(c -> c == s.category()).orElse(true)
        && f.unit().map(u -> s.unit().equals(Optional.of(u))).orElse(true)
        && f.due().map(d -> switch (d) {
          case NOW -> r.reason().pressing() && r.reason() != Reason.UNREAD || s.dueBy(today);
          case WEEK -> s.dueBy(today.plusDays(7));
        }).orElse(true);
  }

  private static Comparator<Row> order(Sort sort) {
    Comparator<Row> closedLast = Comparator.comparing(r -> !r.summary().open());
    Comparator<Row> byDue = Comparator.comparing(r -> r.due().orElse(LocalDate.MAX));
    Comparator<Row> byReference = Comparator.comparing(r -> r.summary().reference());
    return switch (sort) {
      case ATTENTION -> Comparator.<Row, Integer>comparing(r -> r.reason().ordinal() <= Reason.WAITING.ordinal()
              ? (r.reason() == Reason.UNREAD ? 0 : 1) : 2)
          .thenComparing(closedLast).thenComparing(byDue).thenComparing(byReference);
      case DUE -> closedLast.thenComparing(r -> r.summary().nextDue()).thenComparing(byReference);
      case SUBMITTED -> Comparator.<Row, LocalDate>comparing(r -> r.summary().submittedOn()).reversed().thenComparing(byReference);
    };
  }
}
