package nl.veiligmelden;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of docs/DESIGN.md ("Packages and what they may use"), held by ArchUnit over
 * the compiled main classes: which package may use which, no cycle between packages, domain code
 * without HTTP, routes used by nobody but the wiring, and the crypto and web modules without
 * anything of the server. Each rule is also shown to fail on planted violations (the classes of
 * {@code nl.veiligmelden.planted}, test sources only), so that a rule that checks nothing is caught.
 */
class LayeringTest {
  private static final String BASE = "nl.veiligmelden";

  /**
   * Which package of the server may use which other package of the server (besides itself and the
   * crypto and web modules, which any may use). The wiring (Application, Main, Jobs) and {@code cli}
   * may use all. docs/DESIGN.md draws the same table.
   */
  static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("refusal", Set.of()),
      Map.entry("config", Set.of()),
      Map.entry("suppression", Set.of()),
      Map.entry("db", Set.of("config")),
      Map.entry("http", Set.of("config", "refusal")),
      Map.entry("audit", Set.of("db", "config")),
      Map.entry("accounts", Set.of("audit", "db", "config", "refusal", "http")),
      Map.entry("attachments", Set.of("db", "config", "refusal")),
      Map.entry("custody", Set.of("accounts", "audit", "db", "config", "refusal", "http")),
      Map.entry("intake", Set.of("custody", "accounts", "attachments", "audit", "db", "config", "refusal", "http")),
      Map.entry("catalogue", Set.of("intake", "accounts", "audit", "db", "config", "refusal", "http")),
      Map.entry("signals", Set.of("custody", "intake", "catalogue", "accounts", "audit", "db", "config", "refusal", "http")),
      Map.entry("monitoring", Set.of("intake", "catalogue", "suppression", "accounts", "db", "config", "refusal", "http")),
      Map.entry("dialogue", Set.of("custody", "intake", "attachments", "monitoring", "accounts", "audit", "db", "config", "refusal",
          "http")),
      Map.entry("cases", Set.of("custody", "dialogue", "intake", "attachments", "signals", "catalogue", "accounts", "audit", "db",
          "config", "refusal", "http")),
      Map.entry("privacy", Set.of("custody", "cases", "dialogue", "intake", "accounts", "audit", "db", "config", "refusal", "http")),
      Map.entry("retention", Set.of("cases", "signals", "attachments", "intake", "accounts", "audit", "db", "config", "refusal",
          "http")),
      Map.entry("insights", Set.of("monitoring", "signals", "suppression", "catalogue", "intake", "accounts", "audit", "db", "config",
          "refusal", "http")),
      Map.entry("keys", Set.of("custody", "intake", "signals", "attachments", "accounts", "audit", "db", "config", "refusal")));

  /** The modules every package may use; they use nothing of the server. */
  static final Set<String> MODULES = Set.of("crypto", "normalise", "web");

  /** Where the wiring lives: it may use everything. */
  static final Set<String> WIRING = Set.of("", "cli");

  private static JavaClasses main;
  private static JavaClasses planted;

  @BeforeAll
  static void importClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    planted = new ClassFileImporter().importPackages(BASE + ".planted");
  }

  // --- the rules ----------------------------------------------------------------------------------

  /** The package of the server a class belongs to ("" for the root, the wiring). */
  static String packageOf(JavaClass c) {
    String name = c.getPackageName();
    if (name.equals(BASE)) {
      return "";
    }
    if (!name.startsWith(BASE + ".")) {
      return null;
    }
    String rest = name.substring(BASE.length() + 1);
    // planted violations stand for the package named after "planted."
    if (rest.startsWith("planted.")) {
      rest = rest.substring("planted.".length());
    }
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  static ArchRule packagesUseOnlyWhatTheyMay() {
    return classes().should(new ArchCondition<>("use only the packages docs/DESIGN.md allows them") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String from = packageOf(c);
        if (from == null || WIRING.contains(from) || MODULES.contains(from)) {
          return;
        }
        Set<String> allowed = MAY_USE.get(from);
        if (allowed == null) {
          events.add(SimpleConditionEvent.violated(c, "package " + from + " is not in the table of docs/DESIGN.md"));
          return;
        }
        for (var d : c.getDirectDependenciesFromSelf()) {
          String to = packageOf(d.getTargetClass());
          if (to != null && !to.equals(from) && !MODULES.contains(to) && !allowed.contains(to)) {
            events.add(SimpleConditionEvent.violated(d, from + " may not use " + to + ": " + d.getDescription()));
          }
        }
      }
    });
  }

  static ArchRule noCycles(String base) {
    return slices().matching(base + ".(*)..").should().beFreeOfCycles();
  }

  /** Adapters: the http package, the wiring, and the routes of each feature (named *Routes). */
  private static final DescribedPredicate<JavaClass> DOMAIN = new DescribedPredicate<>("domain code (not http, wiring or *Routes)") {
    @Override
    public boolean test(JavaClass c) {
      String p = packageOf(c);
      String top = c.getEnclosingClass().map(JavaClass::getSimpleName).orElse(c.getSimpleName());
      return p != null && !p.equals("http") && !WIRING.contains(p) && !MODULES.contains(p) && !top.endsWith("Routes");
    }
  };

  static ArchRule domainUsesNoHttp() {
    return noClasses().that(DOMAIN).should().dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..", BASE + ".http..", BASE + ".planted.http..");
  }

  static ArchRule modulesUseNothingOfTheServer() {
    return noClasses().that().resideInAnyPackage(BASE + ".crypto..", BASE + ".normalise..", BASE + ".web..")
        .should().dependOnClassesThat(new DescribedPredicate<>("belong to the server (app)") {
          @Override
          public boolean test(JavaClass c) {
            String p = packageOf(c);
            return p != null && !MODULES.contains(p);
          }
        });
  }

  // --- held on the server's classes ---------------------------------------------------------------

  @Test
  void everyPackageUsesOnlyWhatItMay() {
    packagesUseOnlyWhatTheyMay().check(main);
  }

  @Test
  void noPackagesDependOnEachOtherInACircle() {
    noCycles(BASE).check(main);
  }

  @Test
  void domainCodeUsesNoHttp() {
    domainUsesNoHttp().check(main);
  }

  @Test
  void routesAreWiredNotCalled() {
    // A Routes class may be used by itself (its records) and the wiring only.
    noClasses().that(DOMAIN).should().dependOnClassesThat().haveSimpleNameEndingWith("Routes").check(main);
  }

  @Test
  void cryptoAndWebUseNothingOfTheServer() {
    modulesUseNothingOfTheServer().check(main);
  }

  @Test
  void theTableNamesEveryPackageOfTheServer() {
    var found = new TreeSet<String>();
    main.forEach(c -> {
      String p = packageOf(c);
      if (p != null && !WIRING.contains(p) && !MODULES.contains(p)) {
        found.add(p);
      }
    });
    assertEquals(new TreeSet<>(MAY_USE.keySet()), found, "docs/DESIGN.md's table and the packages that exist");
  }

  // --- and shown to fail on planted violations ----------------------------------------------------

  @Test
  void eachRuleFailsOnAPlantedViolation() {
    assertTrue(planted.size() >= 4, "the planted classes are on the test classpath");
    assertThrows(AssertionError.class, () -> packagesUseOnlyWhatTheyMay().check(planted), "attachments using intake");
    assertThrows(AssertionError.class, () -> noCycles(BASE + ".planted").check(planted), "intake and attachments using each other");
    assertThrows(AssertionError.class, () -> domainUsesNoHttp().check(planted), "a domain class using Javalin");
    assertThrows(AssertionError.class,
        () -> noClasses().that(DOMAIN).should().dependOnClassesThat().haveSimpleNameEndingWith("Routes").check(planted),
        "a domain class calling a Routes class");
  }
}
