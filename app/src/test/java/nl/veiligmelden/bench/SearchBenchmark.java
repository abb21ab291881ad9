package nl.veiligmelden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import nl.veiligmelden.signals.index.Hit;
import nl.veiligmelden.signals.index.HmacTermBlinder;
import nl.veiligmelden.signals.index.ReportIndex;
import nl.veiligmelden.signals.index.ReportText;
import nl.veiligmelden.signals.index.TermBlinder;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
/**
 * Blinded against plain full-text search over the same synthetic reports: the same analysis
 * chains, once ending in an HMAC blinder and once in the identity. Prints a Markdown table for
 * docs/BENCHMARKS.md.
 *
 * <p>Run: see docs/BENCHMARKS.md ("Blinded search"). Arguments: reports (100000), queries (2000).
 * Deterministic texts and queries (fixed seed); the blinding key is random per run.
 */
public final class SearchBenchmark {
  private static final long SEED = 20260404L;
  private static final int WARM_UP_QUERIES = 500;
  private static final int CASELOAD = 2_000;
  private static final int SIMILAR_CALLS = 500;
  private static final int LIMIT = 10;

  public static void main(String[] args) throws Exception {
    int reports = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int queryCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path root = Files.createTempDirectory("search-bench-");
    TermBlinder hmac = HmacTermBlinder.withRandomKey();
    TermBlinder identity = term -> term;

    var corpus = new Corpus(new Random(SEED));
    List<ReportText> texts = new ArrayList<>(reports);
    for (int i = 0; i < reports; i++) {
      texts.add(corpus.report(i));
    }
    long words = texts.stream().mapToLong(t -> t.text().split(" ").length).sum();
    List<String> queries = new ArrayList<>();
    var queryRandom = new Random(SEED + 1);
    for (int i = 0; i < WARM_UP_QUERIES + queryCount; i++) {
      queries.add(corpus.query(queryRandom, texts));
    }

    // The JIT sees both paths before anything is timed.
    warmUpIndexing(root.resolve("warm-b"), hmac, texts.subList(0, Math.min(5_000, reports)));
    warmUpIndexing(root.resolve("warm-p"), identity, texts.subList(0, Math.min(5_000, reports)));

    Path blindDir = root.resolve("blinded");
    Path plainDir = root.resolve("plain");
    double blindIndexSeconds = indexAll(blindDir, hmac, texts);
    double plainIndexSeconds = indexAll(plainDir, identity, texts);
    long blindBytes = sizeOnDisk(blindDir);
    long plainBytes = sizeOnDisk(plainDir);
    long blindTerms = distinctTerms(blindDir);
    long plainTerms = distinctTerms(plainDir);
    int blindSegments = segments(blindDir);
    int plainSegments = segments(plainDir);

    var random = new Random(SEED + 2);
    Set<String> caseload = new HashSet<>();
    while (caseload.size() < Math.min(CASELOAD, reports)) {
      caseload.add(texts.get(random.nextInt(reports)).reportId());
    }
    Set<String> everyone = new HashSet<>();
    texts.forEach(t -> everyone.add(t.reportId()));

    List<String> warm = queries.subList(0, WARM_UP_QUERIES);
    List<String> timed = queries.subList(WARM_UP_QUERIES, queries.size());
    Timings caseloadTimes;
    Timings everyoneTimes;
    Timings similarTimes;
    try (ReportIndex blind = ReportIndex.open(blindDir, hmac); ReportIndex plain = ReportIndex.open(plainDir, identity)) {
      timeSearches(blind, plain, warm, caseload);
      timeSearches(blind, plain, warm, everyone);
      caseloadTimes = timeSearches(blind, plain, timed, caseload);
      everyoneTimes = timeSearches(blind, plain, timed, everyone);
      similarTimes = timeSimilar(blind, plain, texts, caseload, new Random(SEED + 3));
    }
    // The two indexes flush at different points (blinded terms are longer), so they end up with
    // different segments; merged to one segment each, the comparison is of the terms alone.
    forceMerge(blindDir);
    forceMerge(plainDir);
    try (ReportIndex blind = ReportIndex.open(blindDir, hmac); ReportIndex plain = ReportIndex.open(plainDir, identity)) {
      timeSearches(blind, plain, warm, caseload);
      Timings mergedTimes = timeSearches(blind, plain, timed, caseload);
      Timings mergedSimilar = timeSimilar(blind, plain, texts, caseload, new Random(SEED + 3));
      double blindNs = blindingCost(hmac, corpus);

      var out = new StringBuilder();
      out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
          .append(System.getProperty("java.version")).append(", max heap ")
          .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB.\n");
      out.append(String.format(Locale.ROOT,
          "Corpus: %,d reports (70%% Dutch, 30%% English), %,d words, vocabulary %,d Dutch + %,d English words "
              + "(Zipf), %,d rare names; %,d timed queries after %,d warm-up, limit %d.%n%n",
          reports, words, corpus.dutch.length, corpus.english.length, corpus.names.length, timed.size(),
          WARM_UP_QUERIES, LIMIT));
      out.append("| what | blinded | plain | blinded / plain |\n|---|---|---|---|\n");
      out.append(row("indexing, s (one thread, one refresh, commit)", blindIndexSeconds, plainIndexSeconds));
      out.append(row("index size on disk, MiB", blindBytes / 1048576.0, plainBytes / 1048576.0));
      out.append(row("segments after indexing", blindSegments, plainSegments));
      out.append(row("terms summed over segments (both text fields)", blindTerms, plainTerms));
      out.append(row("search p50, ms (allowed: 2,000 ids)", caseloadTimes.blindP50(), caseloadTimes.plainP50()));
      out.append(row("search p95, ms (allowed: 2,000 ids)", caseloadTimes.blindP95(), caseloadTimes.plainP95()));
      out.append(row("search p50, ms (allowed: all ids)", everyoneTimes.blindP50(), everyoneTimes.plainP50()));
      out.append(row("search p95, ms (allowed: all ids)", everyoneTimes.blindP95(), everyoneTimes.plainP95()));
      out.append(row("similar() p50, ms (2,000 ids, " + SIMILAR_CALLS + " calls)", similarTimes.blindP50(),
          similarTimes.plainP50()));
      out.append(row("similar() p95, ms", similarTimes.blindP95(), similarTimes.plainP95()));
      out.append(row("one segment: search p50, ms (2,000 ids)", mergedTimes.blindP50(), mergedTimes.plainP50()));
      out.append(row("one segment: search p95, ms (2,000 ids)", mergedTimes.blindP95(), mergedTimes.plainP95()));
      out.append(row("one segment: similar() p50, ms", mergedSimilar.blindP50(), mergedSimilar.plainP50()));
      out.append(row("one segment: similar() p95, ms", mergedSimilar.blindP95(), mergedSimilar.plainP95()));
      out.append(String.format(Locale.ROOT, "%nHMAC-SHA256 blinding: %.2f µs per term.%n", blindNs / 1000));
      out.append(String.format(Locale.ROOT,
          "Same top-%d report ids from both indexes: %d of %d queries (2,000 ids), %d of %d (all ids), "
              + "%d of %d similar() calls.%n",
          LIMIT, caseloadTimes.agree(), timed.size(), everyoneTimes.agree(), timed.size(), similarTimes.agree(),
          SIMILAR_CALLS));
      System.out.print(out);
    } finally {
      deleteTree(root);
    }
  }

  private static void warmUpIndexing(Path dir, TermBlinder blinder, List<ReportText> texts) throws IOException {
    try (ReportIndex index = ReportIndex.open(dir, blinder)) {
      index.putAll(texts);
      index.commit(texts.size());
    }
  }

  private static double indexAll(Path dir, TermBlinder blinder, List<ReportText> texts) throws IOException {
    long start = System.nanoTime();
    try (ReportIndex index = ReportIndex.open(dir, blinder)) {
      index.putAll(texts);
      index.commit(texts.size());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  record Timings(double blindP50, double blindP95, double plainP50, double plainP95, int agree) {}

  /** Each query on both indexes, alternating which goes first so that neither gets the warmer cache. */
  private static Timings timeSearches(ReportIndex blind, ReportIndex plain, List<String> queries, Set<String> allowed)
      throws IOException {
    long[] b = new long[queries.size()];
    long[] p = new long[queries.size()];
    int agree = 0;
    for (int i = 0; i < queries.size(); i++) {
      String q = queries.get(i);
      List<Hit> fromBlind;
      List<Hit> fromPlain;
      if (i % 2 == 0) {
        long t0 = System.nanoTime();
        fromBlind = blind.search(q, allowed, LIMIT);
        long t1 = System.nanoTime();
        fromPlain = plain.search(q, allowed, LIMIT);
        p[i] = System.nanoTime() - t1;
        b[i] = t1 - t0;
      } else {
        long t0 = System.nanoTime();
        fromPlain = plain.search(q, allowed, LIMIT);
        long t1 = System.nanoTime();
        fromBlind = blind.search(q, allowed, LIMIT);
        b[i] = System.nanoTime() - t1;
        p[i] = t1 - t0;
      }
      if (sameIds(fromBlind, fromPlain)) {
        agree++;
      }
    }
    return new Timings(percentile(b, 50), percentile(b, 95), percentile(p, 50), percentile(p, 95), agree);
  }

  private static Timings timeSimilar(ReportIndex blind, ReportIndex plain, List<ReportText> texts, Set<String> allowed,
      Random random) throws IOException {
    long[] b = new long[SIMILAR_CALLS];
    long[] p = new long[SIMILAR_CALLS];
    int agree = 0;
    for (int i = 0; i < SIMILAR_CALLS + 50; i++) {
      ReportText t = texts.get(random.nextInt(texts.size()));
      long t0 = System.nanoTime();
      List<Hit> fromBlind = blind.similar(t.reportId(), t.language(), t.text(), allowed, LIMIT);
      long t1 = System.nanoTime();
      List<Hit> fromPlain = plain.similar(t.reportId(), t.language(), t.text(), allowed, LIMIT);
      long t2 = System.nanoTime();
      if (i >= 50) { // the first 50 warm up
        b[i - 50] = t1 - t0;
        p[i - 50] = t2 - t1;
        if (sameIds(fromBlind, fromPlain)) {
          agree++;
        }
      }
    }
    return new Timings(percentile(b, 50), percentile(b, 95), percentile(p, 50), percentile(p, 95), agree);
  }

  /** Same ids, ignoring order among equal scores (doc ids, hence ties, differ between the indexes). */
  private static boolean sameIds(List<Hit> a, List<Hit> b) {
    return a.size() == b.size()
        && new HashSet<>(a.stream().map(Hit::reportId).toList()).equals(new HashSet<>(b.stream().map(Hit::reportId).toList()));
  }

  private static double blindingCost(TermBlinder blinder, Corpus corpus) {
    String[] terms = corpus.dutch;
    long sink = 0;
    for (int i = 0; i < 200_000; i++) {
      sink += blinder.blind(terms[i % terms.length]).length();
    }
    int n = 1_000_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += blinder.blind(terms[i % terms.length]).length();
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return (double) elapsed / n;
  }

  private static double percentile(long[] nanos, int pct) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int at = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, at)] / 1e6;
  }

  private static String row(String what, double blind, double plain) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %.2f |%n", what, number(blind), number(plain), blind / plain);
  }

  private static String number(double value) {
    if (value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
  }

  private static long sizeOnDisk(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void forceMerge(Path dir) throws IOException {
    try (var directory = FSDirectory.open(dir); var writer = new IndexWriter(directory, new IndexWriterConfig())) {
      writer.forceMerge(1);
    }
  }

  private static int segments(Path dir) throws IOException {
    try (var directory = FSDirectory.open(dir); var reader = DirectoryReader.open(directory)) {
      return reader.leaves().size();
    }
  }

  private static long distinctTerms(Path dir) throws IOException {
    // Summed over segments: a term in two segments counts twice, alike for both indexes.
    long count = 0;
    try (var directory = FSDirectory.open(dir); var reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        for (String field : List.of("text_nl", "text_en")) {
          Terms terms = leaf.reader().terms(field);
          if (terms == null) {
            continue;
          }
          TermsEnum each = terms.iterator();
          for (BytesRef term = each.next(); term != null; term = each.next()) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Synthetic reports: function words at the head of a Zipf distribution (as in real text, where
   * they are about half of all words), then a few thousand content words per language (base words,
   * their inflections and, for Dutch, compounds), and now and then a rare name.
   */
  static final class Corpus {
    private static final String[] DUTCH_FUNCTION = words("""
        de het een en van ik te dat die in is hij niet zijn op aan met als voor er maar om hem dan zou of wat
        mijn dit zo door over ze zich bij ook tot je mij uit naar heb hoe heeft hebben deze u nog zal me zij nu
        geen omdat iets worden toch al waren veel meer doen toen moet ben kan hun dus alles onder ja hier wie werd
        altijd wordt kunnen ons tegen na wil kon niets iemand geweest andere we wij was had""");
    private static final String[] DUTCH_BASE = words("""
        leidinggevende collega afdeling vergadering opmerking klacht melding stagiair teamleider manager directeur
        werkplek kantoor kantine receptie gang lift parkeerplaats rooster dienst ploeg nachtdienst overwerk salaris
        contract beoordeling functioneringsgesprek ziekmelding verzuim arbodienst bedrijfsarts vertrouwenspersoon
        klant patient bewoner leerling student docent ouder kind medewerker uitzendkracht vrijwilliger stagiaire
        pesten pest gepest intimidatie intimideren schelden uitschelden schreeuwen dreigen bedreigen bedreiging
        discriminatie discrimineren racisme seksisme aanraken aanraking betasten opmerkingen grap grappen roddel
        roddelen uitsluiten buitensluiten negeren vernederen kleineren belachelijk maken druk zetten chanteren
        fraude diefstal stelen verduistering declaratie factuur bonnetje onkosten budget subsidie aanbesteding
        leverancier offerte omkoping cadeau gift korting belangenverstrengeling nevenfunctie vriendjespolitiek
        veiligheid onveilig gevaarlijk ongeluk incident brand brandmelder nooduitgang ladder steiger machine
        bescherming helm handschoenen mondkapje gevaarlijke stoffen lekkage schimmel asbest ventilatie
        privacy dossier gegevens persoonsgegevens wachtwoord computer laptop telefoon mail bericht whatsapp
        groepsapp foto video camera opname sociale media screenshot bewijs getuige verklaring tijdlijn datum
        maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ochtend middag avond nacht week maand jaar
        vorige volgende gisteren vandaag morgen vaak soms steeds elke keer opnieuw eerder later daarna sinds
        boos bang verdrietig gestrest overspannen ziek moe machteloos onzeker beschaamd alleen gekwetst
        schoonmaak schoonmaken keuken magazijn werkplaats garage laboratorium klaslokaal gymzaal zorgafdeling
        verpleging verpleegkundige arts zorgmedewerker begeleider coordinator planner administratie
        personeelszaken hr ondernemingsraad vakbond advocaat politie aangifte rechter inspectie toezichthouder
        beleid regel regels protocol procedure afspraak afspraken verslag notulen email brief formulier
        opleiding cursus training vakantie verlof zwangerschap ouderschapsverlof promotie ontslag schorsing
        waarschuwing sanctie onderzoek gesprek hoor wederhoor besluit uitkomst oplossing hulp steun advies""");
    private static final String[] DUTCH_SUFFIXES = {"en", "s", "de", "te", "ing", "ingen", "er", "ers", "je", "jes"};
    private static final String[] ENGLISH_FUNCTION = words("""
        the of and to a in is that it was for on with as he she his her they be at by this had not are but from
        or have an which one you were all we when there can if their so what up out about would my me him them
        than been who its into has more some could no our did do only other then these also any very just over
        after how such""");
    private static final String[] ENGLISH_BASE = words("""
        manager supervisor colleague department meeting comment complaint report intern team lead director
        workplace office canteen reception corridor elevator parking schedule shift night overtime salary contract
        appraisal review sickness absence doctor confidant customer patient resident pupil student teacher parent
        child employee contractor volunteer bully harass harassment intimidate intimidation shout threaten threat
        discriminate discrimination racism sexism touch grope joke rumour gossip exclude ignore humiliate belittle
        pressure blackmail fraud theft steal embezzle expense invoice receipt budget grant tender supplier quote
        bribe bribery gift discount conflict interest favouritism safety unsafe danger dangerous accident incident
        fire alarm exit ladder scaffold machine protection helmet gloves mask chemical leak mould asbestos
        ventilation privacy file data password computer laptop phone email message chat group photo video camera
        recording screenshot evidence witness statement timeline date monday tuesday wednesday thursday friday
        saturday sunday morning afternoon evening week month year yesterday today tomorrow often sometimes always
        again earlier later since angry afraid sad stressed burnout sick tired powerless unsure ashamed alone hurt
        cleaning kitchen warehouse workshop garage laboratory classroom ward nursing nurse physician carer coordinator
        planner administration personnel union lawyer police court inspection regulator policy rule protocol
        procedure agreement minutes letter form training course holiday leave pregnancy promotion dismissal
        suspension warning sanction investigation interview decision outcome solution help support advice""");
    private static final String[] ENGLISH_SUFFIXES = {"s", "ed", "ing", "er", "ers", "ly", "ment", "ness"};

    final String[] dutch;
    final String[] english;
    final String[] names;
    private final double[] dutchCumulative;
    private final double[] englishCumulative;
    private final Random random;

    Corpus(Random random) {
      this.random = random;
      this.dutch = vocabulary(DUTCH_FUNCTION, DUTCH_BASE, DUTCH_SUFFIXES, true, random);
      this.english = vocabulary(ENGLISH_FUNCTION, ENGLISH_BASE, ENGLISH_SUFFIXES, false, random);
      this.dutchCumulative = zipf(dutch.length);
      this.englishCumulative = zipf(english.length);
      this.names = names(30_000, random);
    }

    ReportText report(int i) {
      boolean nl = random.nextDouble() < 0.7;
      String[] vocabulary = nl ? dutch : english;
      double[] cumulative = nl ? dutchCumulative : englishCumulative;
      int length = 80 + random.nextInt(71);
      var text = new StringBuilder(length * 9);
      boolean sentenceStart = true;
      for (int w = 0; w < length; w++) {
        String word;
        if (random.nextDouble() < 0.015) {
          word = names[random.nextInt(names.length)];
        } else {
          word = vocabulary[draw(cumulative, random)];
          if (sentenceStart) {
            word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
          }
        }
        text.append(word);
        sentenceStart = random.nextInt(12) == 0;
        text.append(sentenceStart ? ". " : random.nextInt(15) == 0 ? ", " : " ");
      }
      return new ReportText(String.format(Locale.ROOT, "r%06d", i), nl ? "nl" : "en", text.toString().strip());
    }

    /** 1 to 3 content words, or two adjacent words of a report as a phrase, or a name. */
    String query(Random r, List<ReportText> texts) {
      double kind = r.nextDouble();
      if (kind < 0.20) {
        String[] w = texts.get(r.nextInt(texts.size())).text().replaceAll("[.,]", "").split(" ");
        int at = r.nextInt(w.length - 1);
        return "\"" + w[at] + " " + w[at + 1] + "\"";
      }
      if (kind < 0.25) {
        return names[r.nextInt(names.length)];
      }
      int count = kind < 0.55 ? 1 : kind < 0.85 ? 2 : 3;
      boolean nl = r.nextDouble() < 0.7;
      var q = new StringBuilder();
      for (int i = 0; i < count; i++) {
        String[] vocabulary = nl ? dutch : english;
        int functionWords = nl ? DUTCH_FUNCTION.length : ENGLISH_FUNCTION.length;
        int at;
        do {
          at = draw(nl ? dutchCumulative : englishCumulative, r);
        } while (at < functionWords); // people do not search for "de" or "the"
        q.append(i == 0 ? "" : " ").append(vocabulary[at]);
      }
      return q.toString();
    }

    private static String[] vocabulary(String[] function, String[] base, String[] suffixes, boolean compounds,
        Random random) {
      Set<String> content = new LinkedHashSet<>(Arrays.asList(base));
      for (String word : base) {
        for (String suffix : suffixes) {
          // English has no compounds to grow on; it takes every suffix instead, Dutch a third.
          if (!compounds || random.nextInt(3) == 0) {
            content.add(word + suffix);
          }
        }
      }
      if (compounds) {
        while (content.size() < 3_500) {
          content.add(base[random.nextInt(base.length)] + base[random.nextInt(base.length)]);
        }
      }
      List<String> ranked = new ArrayList<>(content);
      Collections.shuffle(ranked, random);
      List<String> all = new ArrayList<>(Arrays.asList(function));
      all.addAll(ranked);
      return all.toArray(String[]::new);
    }

    private static String[] names(int count, Random random) {
      String[] onsets = {"b", "br", "d", "dr", "h", "k", "kl", "l", "m", "n", "p", "r", "s", "st", "t", "v", "w", "z",
          "sch", "gr", "j", "f"};
      String[] vowels = {"a", "e", "i", "o", "u", "aa", "ee", "oo", "ui", "ij", "ou", "ie"};
      String[] codas = {"", "n", "r", "s", "k", "l", "t", "m", "ng", "rt", "ld"};
      String[] endings = {"huis", "man", "sma", "stra", "berg", "dijk", "veld", "ink", "er", "ing", "ers", "hof",
          "son", "ton", "ley", "wood"};
      Set<String> names = new LinkedHashSet<>();
      while (names.size() < count) {
        var name = new StringBuilder();
        for (int s = 0, n = 1 + random.nextInt(2); s < n; s++) {
          name.append(onsets[random.nextInt(onsets.length)]).append(vowels[random.nextInt(vowels.length)])
              .append(codas[random.nextInt(codas.length)]);
        }
        name.append(endings[random.nextInt(endings.length)]);
        names.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
      }
      return names.toArray(String[]::new);
    }

    private static double[] zipf(int n) {
      double[] cumulative = new double[n];
      double sum = 0;
      for (int rank = 1; rank <= n; rank++) {
        sum += 1.0 / rank;
        cumulative[rank - 1] = sum;
      }
      for (int i = 0; i < n; i++) {
        cumulative[i] /= sum;
      }
      return cumulative;
    }

    private static int draw(double[] cumulative, Random random) {
      int at = Arrays.binarySearch(cumulative, random.nextDouble());
      return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
    }

    private static String[] words(String block) {
      return block.strip().split("\\s+");
    }
  }
}
