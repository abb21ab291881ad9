package nl.veiligmelden.bench;

import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.signals.SealedTerms;
import nl.veiligmelden.signals.index.CaseloadIndex;
import nl.veiligmelden.signals.index.TermList;

/**
 * A handler's in-memory search index ({@link CaseloadIndex}) over her caseload, built as a
 * session's first search builds it: each report's term list opened (data key unwrapped, sealed
 * list decrypted and decoded) and indexed. For caseloads of 100 and 2,000 synthetic reports it
 * times opening (the data key unwrapped with the KEK, as today, and from a wrap to the handler's
 * own keys, as after the rewiring), building, the heap the index keeps, searches and "similar
 * reports", and an update that adds or removes one report. Prints Markdown for docs/BENCHMARKS.md.
 *
 * <p>No database: the rows are held in memory, so the numbers are of the work on this side of
 * the connection. Run: see docs/BENCHMARKS.md ("Search in memory"). Arguments: queries per
 * caseload (2000). Deterministic texts and queries (fixed seed); keys are random per run.
 */
public final class CaseloadBenchmark {
  private static final long SEED = 20260404L;
  private static final int[] CASELOADS = {100, 2_000};
  private static final int WARM_UP_QUERIES = 500;
  private static final int SIMILAR_CALLS = 300;
  private static final int LIMIT = 25;
  private static final int CHANGES = 20;

  /** A report's text before it is analysed and sealed. */
  record Text(String reportId, String language, String text) {}

  /** What the database would hold for one report: the data key in both wrapped forms, the sealed list. */
  record Row(String reportId, byte[] wrappedUnderKek, KeyWrap wrappedToHolder, byte[] sealedTerms) {}

  public static void main(String[] args) throws Exception {
    int queryCount = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    Path keys = Files.createTempDirectory("caseload-bench-");
    try {
      Keyring keyring = Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key")));
      var vault = new ReportVault(keyring);
      HolderKeys handler = HolderKeys.generate();
      var corpus = new Corpus(new Random(SEED));
      int most = Arrays.stream(CASELOADS).max().orElseThrow();
      List<Text> texts = new ArrayList<>();
      for (int i = 0; i < most; i++) {
        texts.add(corpus.report(i));
      }

      // Intake: analyse and seal each report's terms, and wrap its key as the rows would hold it.
      long analyseNanos = 0;
      long sealNanos = 0;
      long sealedBytes = 0;
      long textBytes = 0;
      List<Row> rows = new ArrayList<>();
      for (Text t : texts) {
        ReportKey key = vault.newKeyAsBeforeZeroAccess(t.reportId());
        long a = System.nanoTime();
        TermList terms = TermList.analyse(t.language(), t.text());
        long b = System.nanoTime();
        byte[] sealed = key.seal(SealedTerms.binding(t.reportId()), terms.encoded());
        long c = System.nanoTime();
        analyseNanos += b - a;
        sealNanos += c - b;
        sealedBytes += sealed.length;
        textBytes += t.text().getBytes(StandardCharsets.UTF_8).length;
        rows.add(new Row(t.reportId(), key.wrapped(), vault.wrap(key, Recipient.holder(1), handler.publicKeys()), sealed));
      }
      // The JIT sees every path before anything is timed.
      for (int round = 0; round < 3; round++) {
        var warm = build(open(vault, handler, rows.subList(0, 500), false));
        changes(warm, corpus, 1_000_000 + round * 100, rows.subList(0, 500));
        open(vault, handler, rows.subList(0, 200), true);
      }

      var out = new StringBuilder();
      out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
          .append(System.getProperty("java.version")).append(", max heap ")
          .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB.\n");
      out.append(String.format(Locale.ROOT,
          "Reports: 70%% Dutch, 30%% English, 80 to 150 words each (%,d bytes of text on average); at intake, analysing "
              + "takes %.2f ms and sealing %.3f ms a report, and the sealed list is %,d bytes on average (%.0f%% of the text).%n%n",
          textBytes / texts.size(), analyseNanos / 1e6 / texts.size(), sealNanos / 1e6 / texts.size(), sealedBytes / texts.size(),
          100.0 * sealedBytes / textBytes));
      out.append("| caseload | open, KEK unwrap, ms | open, unwrap from her own keys, ms | build index, ms | heap kept, KiB "
          + "| index files, KiB | search p50 / p95, ms | similar p50 / p95, ms | add one, p50 ms | remove one, p50 ms |\n");
      out.append("|---|---|---|---|---|---|---|---|---|---|\n");
      for (int size : CASELOADS) {
        List<Row> caseload = rows.subList(0, size);
        List<Text> caseloadTexts = texts.subList(0, size);
        long t0 = System.nanoTime();
        Map<String, TermList> opened = open(vault, handler, caseload, false);
        long t1 = System.nanoTime();
        open(vault, handler, caseload, true);
        long t2 = System.nanoTime();

        long before = usedHeap();
        long t3 = System.nanoTime();
        CaseloadIndex index = build(opened);
        long t4 = System.nanoTime();
        long kept = usedHeap() - before;

        var queryRandom = new Random(SEED + size);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < WARM_UP_QUERIES + queryCount; i++) {
          queries.add(corpus.query(queryRandom, caseloadTexts));
        }
        for (String q : queries.subList(0, WARM_UP_QUERIES)) {
          index.search(q, LIMIT);
        }
        long[] search = new long[queryCount];
        for (int i = 0; i < queryCount; i++) {
          long s = System.nanoTime();
          index.search(queries.get(WARM_UP_QUERIES + i), LIMIT);
          search[i] = System.nanoTime() - s;
        }
        var similarRandom = new Random(SEED + 3);
        long[] similar = new long[SIMILAR_CALLS];
        for (int i = -50; i < SIMILAR_CALLS; i++) {
          String id = caseload.get(similarRandom.nextInt(size)).reportId();
          long s = System.nanoTime();
          index.similar(id, opened.get(id), 5);
          if (i >= 0) {
            similar[i] = System.nanoTime() - s;
          }
        }
        double files = index.fileBytes() / 1024.0;
        Reference.reachabilityFence(index);
        long[][] changed = changes(index, corpus, most + size * 10, caseload);

        out.append(String.format(Locale.ROOT, "| %,d | %.0f | %.0f | %.0f | %,.0f | %,.0f | %.2f / %.2f | %.2f / %.2f | %.1f | %.1f |%n",
            size, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t4 - t3) / 1e6, kept / 1024.0, files, percentile(search, 50),
            percentile(search, 95), percentile(similar, 50), percentile(similar, 95), percentile(changed[0], 50),
            percentile(changed[1], 50)));
      }
      out.append(String.format(Locale.ROOT, "%n%,d timed queries per caseload after %d warm-up (30%% one word, 30%% two, "
          + "15%% three, 20%% a phrase from a report, 5%% a name), limit %d; %d similar() calls; %d single additions "
          + "(analysis included) and %d single removals (the segment merged at once).%n", queryCount, WARM_UP_QUERIES,
          LIMIT, SIMILAR_CALLS, CHANGES, CHANGES));
      System.out.print(out);
    } finally {
      deleteTree(keys);
    }
  }

  /** Every row's term list opened: its data key unwrapped (with the KEK, or from her own keys), then the list. */
  private static Map<String, TermList> open(ReportVault vault, HolderKeys handler, List<Row> rows, boolean fromHerKeys)
      throws Exception {
    Map<String, TermList> out = new LinkedHashMap<>();
    for (Row row : rows) {
      ReportKey key = fromHerKeys ? vault.unwrap(row.reportId(), row.wrappedToHolder(), handler)
          : vault.open(row.reportId(), row.wrappedUnderKek());
      out.put(row.reportId(), SealedTerms.open(row.reportId(), key, row.sealedTerms()));
    }
    return out;
  }

  /** {@link #CHANGES} times: a new report added, then one of the caseload removed; the nanoseconds of each. */
  private static long[][] changes(CaseloadIndex index, Corpus corpus, int firstNew, List<Row> caseload) throws Exception {
    long[] added = new long[CHANGES];
    long[] removed = new long[CHANGES];
    for (int i = 0; i < CHANGES; i++) {
      Text extra = corpus.report(firstNew + i);
      long a = System.nanoTime();
      index.update(Map.of(extra.reportId(), TermList.analyse(extra.language(), extra.text())), List.of());
      long b = System.nanoTime();
      index.update(Map.of(), List.of(caseload.get(i * (caseload.size() / CHANGES)).reportId()));
      long c = System.nanoTime();
      added[i] = b - a;
      removed[i] = c - b;
    }
    return new long[][] {added, removed};
  }

  private static CaseloadIndex build(Map<String, TermList> opened) throws Exception {
    var index = new CaseloadIndex();
    index.update(opened, List.of());
    return index;
  }

  /** Heap in use after the collector has had its say, so what is left is what is reachable. */
  private static long usedHeap() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static double percentile(long[] nanos, int pct) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int at = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, at)] / 1e6;
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

    Text report(int i) {
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
      return new Text(String.format(Locale.ROOT, "r%06d", i), nl ? "nl" : "en", text.toString().strip());
    }

    /** 1 to 3 content words, or two adjacent words of a report as a phrase, or a name. */
    String query(Random r, List<Text> texts) {
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
