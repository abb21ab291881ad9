package nl.veiligmelden.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.veiligmelden.normalise.EmailAddress;
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
  /** The longest address a mail server has to accept (RFC 5321). */
  public static final int MAX_ADDRESS = 254;


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
        problems.put("unit", new Problem("error.unit.invalid"));
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
    String noticeAddress = address(in.noticeAddress(), problems);
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
        anonymity.orElseThrow(), wish, adviser, escrow, pseudonym, contact, noticeAddress, language)), Map.of());
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
      String nameField = "involved_name_" + (i + 1);
      String name = text(row.name(), nameField, MAX_SHORT, false, problems);
      if (problems.containsKey(nameField)) {
        problems.put(nameField, new Problem("error.involvedName.tooLong", MAX_SHORT, i + 1));
      }
      String roleField = "involved_role_" + (i + 1);
      Optional<InvolvedRole> role = choice(row.role(), InvolvedRole::fromCode, roleField, false, problems);
      if (problems.containsKey(roleField)) {
        problems.put(roleField, new Problem("error.involvedRole.invalid", i + 1));
      }
      if (!name.isEmpty() || role.isPresent()) {
        out.add(new ReportDraft.Involved(role.orElse(InvolvedRole.ONBEKEND), name));
      }
    }
    return out;
  }

  /**
   * An e-mail address for the reply notice: optional; when given, one address a mail server
   * takes (ASCII, one @, a dotted domain), lower-cased as {@link EmailAddress} reads it.
   */
  private static String address(String typed, Map<String, Problem> problems) {
    String clean = TextInput.clean(typed);
    if (clean.isEmpty()) {
      return "";
    }
    Optional<String> address = clean.length() > MAX_ADDRESS || !StandardCharsets.US_ASCII.newEncoder().canEncode(clean)
        ? Optional.empty() : EmailAddress.normalise(clean);
    if (address.isEmpty()) {
      problems.put("notify", new Problem("error.notify.invalid"));
      return clean;
    }
    return address.get();
  }

  /**
   * Each field says in its own words what is missing or too long ("Beschrijf wat er gebeurde", not
   * "Dit is nodig"): the error summary lists them together, and a list of identical lines would
   * not tell the reporter which is which.
   */
  private static String text(String typed, String field, int max, boolean required, Map<String, Problem> problems) {
    String clean = TextInput.clean(typed);
    if (required && clean.isEmpty()) {
      problems.put(field, new Problem("error." + field + ".required"));
    } else if (TextInput.length(clean) > max) {
      problems.put(field, new Problem("error." + field + ".tooLong", max));
    }
    return clean;
  }

  private static <T> Optional<T> choice(String typed, Function<String, Optional<T>> parse,
      String field, boolean required, Map<String, Problem> problems) {
    String code = TextInput.clean(typed);
    if (code.isEmpty()) {
      if (required) {
        problems.put(field, new Problem("error." + field + ".required"));
      }
      return Optional.empty();
    }
    Optional<T> value = parse.apply(code);
    if (value.isEmpty()) {
      problems.put(field, new Problem("error." + field + ".invalid"));
    }
    return value;
  }
}
