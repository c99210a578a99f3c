using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

public sealed class DebianCorpusCollectorTests : IDisposable
{
    private const string GettextPath = "usr/share/locale/de/LC_MESSAGES/fake.mo";

    private readonly string _dir = Directory.CreateTempSubdirectory("nmsparse-collector-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Collect_FakeCache_ExactlyThePinnedPackagesContribute()
    {
        var (cache, pins) = Populate("a", distractors: true);
        var corpus = Collect(cache, pins);
        Assert.Equal(
            new Dictionary<string, int> { ["ding"] = 4, ["ddtp"] = 3, ["libreoffice-help"] = 2, ["gettext"] = 2 },
            corpus.SourcePairs);
        Assert.Equal((7, 2, 2, 0), (corpus.Splits.Train.Count, corpus.Splits.Valid.Count, corpus.Splits.Test.Count,
            corpus.Splits.Dropped));
        Assert.Equal(["fake-l10n=1.0-1", "libreoffice-help-de=1.0-1", "libreoffice-help-en-us=1.0-1", "trans-de-en=1.9-6"],
            corpus.Packages.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(FakeDebianCache.ReleaseDate, corpus.Archive!.ReleaseDate);
        Assert.Equal(cache.IndexChecksums.OrderBy(i => i.Key), corpus.Archive.Indexes.OrderBy(i => i.Key));
    }

    [Fact]
    public void Collect_OtherCacheDirectoryWithUnpinnedPackages_IdenticalSplits()
    {
        var (clean, cleanPins) = Populate("clean", distractors: false);
        var (cluttered, clutteredPins) = Populate("cluttered", distractors: true);
        var first = Collect(clean, cleanPins);
        var second = Collect(cluttered, clutteredPins);
        Assert.Equal(first.Splits.Train, second.Splits.Train);
        Assert.Equal(first.Splits.Valid, second.Splits.Valid);
        Assert.Equal(first.Splits.Test, second.Splits.Test);
        Assert.Equal(first.Packages, second.Packages);
    }

    [Fact]
    public void Collect_IndexChecksumDiffersFromPin_WarningRecorded()
    {
        var (cache, pins) = Populate("drift", distractors: false);
        var pinned = new Dictionary<string, string>(pins.Indexes) { [DescriptionSource.GermanIndex] = "00" };
        var log = new List<string>();
        var archive = new DebianArchive(cache.Directory, log.Add);
        new DebianCorpusCollector(archive, Options(pins with { Indexes = pinned }), _ => { }).Collect();
        var expected = $"index main/i18n/Translation-de: pinned sha256 00, archive serves " +
            $"{cache.IndexChecksums[DescriptionSource.GermanIndex]} (Release {FakeDebianCache.ReleaseDate})";
        Assert.Equal([expected], archive.Drift);
        Assert.Equal([$"  warning: {expected}"], log);
    }

    [Fact]
    public void Collect_IndexChecksumDiffersUnderStrict_UserInputException()
    {
        var (cache, pins) = Populate("strict", distractors: false);
        var pinned = new Dictionary<string, string>(pins.Indexes) { [DescriptionSource.EnglishIndex] = "00" };
        var archive = new DebianArchive(cache.Directory, _ => { }, strict: true);
        var error = Assert.Throws<UserInputException>(() =>
            new DebianCorpusCollector(archive, Options(pins with { Indexes = pinned }), _ => { }).Collect());
        Assert.Equal(
            $"index main/i18n/Translation-en: pinned sha256 00, archive serves " +
            $"{cache.IndexChecksums[DescriptionSource.EnglishIndex]} (Release {FakeDebianCache.ReleaseDate}); " +
            "--strict allows no difference from the pins in DebianPins",
            error.Message);
    }

    private static CollectedCorpus Collect(FakeDebianCache cache, DebianPins pins) =>
        new DebianCorpusCollector(new DebianArchive(cache.Directory, _ => { }), Options(pins), _ => { }).Collect();

    private static DataBuildOptions Options(DebianPins pins) => new("unused-out", "unused-cache", Seed: 5)
    {
        Pins = pins,
        MinTrainPairs = 1,
        HeldOutQuotas = new Dictionary<string, (int Valid, int Test)>
        {
            [DingSource.Name] = (1, 1), [DescriptionSource.Name] = (1, 1),
        },
    };

    /// <summary>
    /// Ding: 3 sentence lines + 1 phrase; DDTP: 3 one-sentence descriptions; help: 2 elements; the pinned gettext
    /// package: 2 usable entries. Distractors: the same gettext package at another version and an unpinned package,
    /// each with a German catalog of its own, as a machine's cache (or a host) might hold them.
    /// </summary>
    private (FakeDebianCache Cache, DebianPins Pins) Populate(string name, bool distractors)
    {
        var cache = new FakeDebianCache(Path.Combine(_dir, name));
        cache.WriteIndex(DescriptionSource.PackagesIndex, "Package: alpha\n\nPackage: gamma\n\nPackage: delta\n");
        cache.WriteIndex(DescriptionSource.EnglishIndex, Descriptions("en",
            "Alpha converts images into small icons.", "Gamma plays music from the command line.",
            "Delta keeps the system clock in sync."));
        cache.WriteIndex(DescriptionSource.GermanIndex, Descriptions("de",
            "Alpha wandelt Bilder in kleine Symbole um.", "Gamma spielt Musik auf der Kommandozeile.",
            "Delta hält die Systemuhr synchron."));
        var ding = cache.AddPackage("trans-de-en", "1.9-6", new Dictionary<string, byte[]>
        {
            ["usr/share/trans/de-en"] = FakeDebianCache.Utf8(
                "# Ding test file\n" +
                "Der Hund bellt sehr laut. :: The dog barks very loudly.\n" +
                "Die Katze schläft den ganzen Tag. :: The cat sleeps all day.\n" +
                "Wir gehen heute nach Hause. :: We are going home today.\n" +
                "auf dem flachen Lande {adv} :: out in the country\n"),
        });
        var helpEnglish = cache.AddPackage("libreoffice-help-en-us", "1.0-1", new Dictionary<string, byte[]>
        {
            ["usr/share/libreoffice/help/en-US/text/save.html"] = FakeDebianCache.Utf8(
                "<h1 id=\"h1\">Saving your documents safely</h1><p id=\"p1\">Click the button to save the document.</p>"),
        });
        var helpGerman = cache.AddPackage("libreoffice-help-de", "1.0-1", new Dictionary<string, byte[]>
        {
            ["usr/share/libreoffice/help/de/text/save.html"] = FakeDebianCache.Utf8(
                "<h1 id=\"h1\">Dokumente sicher speichern</h1>" +
                "<p id=\"p1\">Klicken Sie auf die Schaltfläche, um das Dokument zu speichern.</p>"),
        });
        var gettext = cache.AddPackage("fake-l10n", "1.0-1", Catalog(
            ("Open the selected file", "Die ausgewählte Datei öffnen"),
            ("Close all open windows", "Alle offenen Fenster schließen"), ("Quit", "Beenden")));
        if (distractors)
        {
            cache.AddPackage("fake-l10n", "2.0-1", Catalog(("Show all hidden files", "Alle versteckten Dateien zeigen")));
            cache.AddPackage("other-l10n", "1.0-1", Catalog(("Print the current page", "Die aktuelle Seite drucken")));
        }
        return (cache, new DebianPins(ding, helpEnglish, helpGerman, [gettext], [], cache.IndexChecksums));
    }

    private static Dictionary<string, byte[]> Catalog(params (string Id, string Text)[] entries) =>
        new() { [GettextPath] = MoCatalogWriter.Build([("", "Content-Type: text/plain; charset=UTF-8\n"), .. entries]) };

    private static string Descriptions(string language, params string[] synopses) =>
        string.Concat(synopses.Select((text, i) =>
            $"Package: {new[] { "alpha", "gamma", "delta" }[i]}\nDescription-md5: md5-{i}\n" +
            $"Description-{language}: {text}\n\n"));
}
