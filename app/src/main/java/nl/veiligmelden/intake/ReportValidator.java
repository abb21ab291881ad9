package nl.veiligmelden.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.web.view.InvolvedValues;
import nl.veiligmelden.web.view.ReportFormValues;
/**
 * Turns what was typed into a {@link ReportDraft}, or says for each field what is wrong. The same
 * rules serve the form and the JSON API.
 */
public final class ReportValidator {
  public static final int MAX_DESCRIPTION = 20_000;
  public static final int MAX_SHORT = 300;
  public static final int MAX_INVOLVED = 10;


  /** Either a draft or, per field name, the problem. */
  public record Result(Optional<ReportDraft> draft, Map<String, Problem> problems) {}

  public Result validate(ReportFormValues in, String language, Offer offer) {
    var problems = new LinkedHashMap<String, Problem>();
    Optional<Category> category = choice(in.category(), code -> Category.fromCode(code).filter(offer.categories()::contains),
        "category", true, problems);
    String unitCode = TextInput.clean(in.unit());
    Optional<String> unit = Optional.empty();
    if (!unitCode.isEmpty()) {
      if (offer.offersUnit(unitCode)) {
        unit = Optional.of(unitCode);
      } else {
        problems.put("unit", new Problem("error.invalidChoice"));
      }
    }
    String description = text(in.description(), "description", MAX_DESCRIPTION, true, problems);
    String when = text(in.when(), "when", MAX_SHORT, false, problems);
    String where = text(in.where(), "where", MAX_SHORT, false, problems);
    Optional<Anonymity> anonymity = choice(in.anonymity(), Anonymity::fromCode, "anonymity", true, problems);
    Optional<Wish> wish = choice(in.wish(), Wish::fromCode, "wish", false, problems);
    AdviserPreference adviser = choice(in.adviser(), AdviserPreference::fromCode, "adviser", false, problems)
        .orElse(AdviserPreference.ANY);
    String pseudonym = text(in.pseudonym(), "pseudonym", MAX_SHORT, false, problems);
    String contact = text(in.contact(), "contact", MAX_SHORT, false, problems);
    if (anonymity.isPresent()) {
      // A name or contact typed under a more private choice is neither kept nor silently dropped:
      // the reporter is asked which they meant.
      switch (anonymity.get()) {
        case ANONYMOUS -> {
          if (!pseudonym.isEmpty() || !contact.isEmpty()) {
            problems.put("anonymity", new Problem("error.anonymityConflict"));
          }
        }
        case PSEUDONYMOUS -> {
          if (!contact.isEmpty()) {
            problems.put("anonymity", new Problem("error.anonymityConflict"));
          }
          if (pseudonym.isEmpty() && !problems.containsKey("pseudonym")) {
            problems.put("pseudonym", new Problem("error.pseudonymRequired"));
          }
        }
        case CONFIDENTIAL -> {
          if (contact.isEmpty() && !problems.containsKey("contact")) {
            problems.put("contact", new Problem("error.contactRequired"));
          }
        }
      }
    }
    List<ReportDraft.Involved> involved = involved(in.involved(), problems);
    boolean escrow = "yes".equals(TextInput.clean(in.escrow()));
    if (escrow && involved.stream().allMatch(p -> p.name().isEmpty())) {
      // Escrow waits for someone else to name the same person: without a name it would wait forever.
      problems.put("escrow", new Problem("error.escrowNeedsName"));
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    return new Result(Optional.of(new ReportDraft(category.orElseThrow(), unit, description, when, where, involved,
        anonymity.orElseThrow(), wish, adviser, escrow, pseudonym, contact, language)), Map.of());
  }

  private List<ReportDraft.Involved> involved(List<InvolvedValues> rows, Map<String, Problem> problems) {
    var out = new ArrayList<ReportDraft.Involved>();
    if (rows == null) {
      return out;
    }
    if (rows.size() > MAX_INVOLVED) {
      problems.put("involved", new Problem("error.tooMany", MAX_INVOLVED));
      return out;
    }
    for (int i = 0; i < rows.size(); i++) {
      InvolvedValues row = rows.get(i);
      if (row == null) {
        continue;
      }
      // Named as the form's fields, so the sentence shows beside the field it is about.
      String name = text(row.name(), "involved_name_" + (i + 1), MAX_SHORT, false, problems);
      Optional<InvolvedRole> role = choice(row.role(), InvolvedRole::fromCode, "involved_role_" + (i + 1), false, problems);
      if (!name.isEmpty() || role.isPresent()) {
        out.add(new ReportDraft.Involved(role.orElse(InvolvedRole.ONBEKEND), name));
      }
    }
    return out;
  }

  private static String text(String typed, String field, int max, boolean required, Map<String, Problem> problems) {
    String clean = TextInput.clean(typed);
    if (required && clean.isEmpty()) {
      problems.put(field, new Problem("error.required"));
    } else if (TextInput.length(clean) > max) {
      problems.put(field, new Problem("error.tooLong", max));
    }
    return clean;
  }

  private static <T> Optional<T> choice(String typed, Function<String, Optional<T>> parse,
      String field, boolean required, Map<String, Problem> problems) {
    String code = TextInput.clean(typed);
    if (code.isEmpty()) {
      if (required) {
        problems.put(field, new Problem("error.required"));
      }
      return Optional.empty();
    }
    Optional<T> value = parse.apply(code);
    if (value.isEmpty()) {
      problems.put(field, new Problem("error.invalidChoice"));
    }
    return value;
  }
}
