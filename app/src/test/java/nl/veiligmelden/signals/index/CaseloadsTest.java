package nl.veiligmelden.signals.index;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.signals.CaseloadSource;
import org.junit.jupiter.api.Test;

/**
 * The per-session indexes over a caseload that changes between uses: what is new is opened once
 * and added, what is no longer hers leaves before the next answer, and sessions never share.
 */
class CaseloadsTest {
  /** Caseloads by account, term lists by report, and what was asked to be opened. */
  private static final class Caseload implements CaseloadSource {
    final Map<Long, List<String>> assigned = new HashMap<>();
    final Map<String, TermList> terms = new HashMap<>();
    final List<String> opened = new ArrayList<>();

    void file(String id, String text) {
      terms.put(id, TermList.analyse("nl", text));
    }

    @Override
    public List<String> reportIds(HandlerSession who) {
      return List.copyOf(assigned.getOrDefault(who.account().id(), List.of()));
    }

    @Override
    public Map<String, TermList> terms(HandlerSession who, Collection<String> reportIds) {
      var out = new HashMap<String, TermList>();
      for (String id : reportIds) {
        opened.add(id);
        if (terms.containsKey(id)) {
          out.put(id, terms.get(id));
        }
      }
      return out;
    }
  }

  private static HandlerSession session(long account, String csrf) {
    return new HandlerSession(new Account(account, "vp" + account, "VP " + account, Set.of(Role.VERTROUWENSPERSOON)), csrf, Optional.empty());
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::reportId).toList();
  }

  @Test
  void theIndexFollowsTheCaseloadOnEveryUse() throws Exception {
    var source = new Caseload();
    source.file("a", "De conciergeloge werd een plek waar niemand durfde te komen.");
    source.file("b", "In de conciergeloge werd ik uitgelachen door de conciërge.");
    source.file("c", "Ook in de conciergeloge, bij een andere VP.");
    source.assigned.put(1L, new ArrayList<>(List.of("a")));
    source.assigned.put(2L, new ArrayList<>(List.of("c")));
    var caseloads = new Caseloads(source);
    HandlerSession vera = session(1, "csrf-vera");

    assertEquals(List.of("a"), ids(caseloads.search(vera, "conciergeloge", 10)));
    assertEquals(List.of("a"), source.opened, "the first use opens her caseload");

    source.assigned.get(1L).add("b");
    assertEquals(Set.of("a", "b"), Set.copyOf(ids(caseloads.search(vera, "conciergeloge", 10))));
    assertEquals(List.of("a", "b"), source.opened, "only the new report is opened");

    source.assigned.get(1L).remove("a");
    assertEquals(List.of("b"), ids(caseloads.search(vera, "conciergeloge", 10)), "a report no longer hers is gone at once");
    assertEquals(List.of(), caseloads.similar(vera, "a", 5), "nor is it a report to compare with");
    assertEquals(List.of("a", "b"), source.opened);

    // Another handler's session has an index of its own.
    assertEquals(List.of("c"), ids(caseloads.search(session(2, "csrf-wim"), "conciergeloge", 10)));
    assertEquals(2, caseloads.size());
  }

  @Test
  void aReportThatDoesNotOpenIsAskedForAgainAtTheNextUse() throws Exception {
    var source = new Caseload();
    source.file("a", "Een melding over de fietsenstalling.");
    source.assigned.put(1L, new ArrayList<>(List.of("a", "late")));
    var caseloads = new Caseloads(source);
    HandlerSession vera = session(1, "csrf");
    assertEquals(List.of(), caseloads.search(vera, "kantine", 10));
    source.file("late", "Een melding over de kantine.");
    assertEquals(List.of("late"), ids(caseloads.search(vera, "kantine", 10)));
    assertEquals(List.of("a", "late", "late"), source.opened.stream().sorted().toList());
  }

  @Test
  void similarComparesWithHerOtherReportsOnly() throws Exception {
    var source = new Caseload();
    source.file("a", "Oosterhuis pest de stagiairs van de afdeling Zwartewaterklooster in de vergadering.");
    source.file("b", "Oosterhuis pestte opnieuw een stagiair van Zwartewaterklooster.");
    source.file("c", "De verlichting bij de fietsenstalling is kapot.");
    source.file("theirs", "Oosterhuis en Zwartewaterklooster, pesten van stagiairs, in elke vergadering.");
    source.assigned.put(1L, List.of("a", "b", "c"));
    source.assigned.put(2L, List.of("theirs"));
    var caseloads = new Caseloads(source);
    List<String> found = ids(caseloads.similar(session(1, "csrf"), "a", 5));
    assertEquals("b", found.getFirst());
    assertFalse(found.contains("theirs") || found.contains("a"), found.toString());
    assertEquals(List.of(), caseloads.similar(session(1, "csrf"), "theirs", 5), "not hers");
  }
}
