using System.Diagnostics;

namespace NmSparse.Translation.Data;

/// <summary>
/// Gathers the Debian en-de corpus from pinned inputs only: the Ding dictionary, package descriptions, LibreOffice
/// help and the German gettext catalogs of a fixed list of packages, all downloaded into the cache and unpacked there
/// (nothing of the host's installed packages is read), then splits it by group. The result is a function of the
/// downloaded files alone.
/// </summary>
public sealed class DebianCorpusCollector
{
    private readonly DebianArchive _archive;
    private readonly DataBuildOptions _options;
    private readonly Action<string> _log;

    /// <summary>Creates a collector that reads and caches through <paramref name="archive"/>.</summary>
    public DebianCorpusCollector(DebianArchive archive, DataBuildOptions options, Action<string> log)
    {
        _archive = archive;
        _options = options;
        _log = log;
    }

    /// <summary>Fetches every pinned input, checks the pins, collects the pairs and returns the split corpus.</summary>
    /// <exception cref="UserInputException">
    /// A download fails, a pin differs under <see cref="DataBuildOptions.Strict"/>, or the training split stays
    /// smaller than <see cref="DataBuildOptions.MinTrainPairs"/>.
    /// </exception>
    public CollectedCorpus Collect()
    {
        var pins = _options.Pins;
        _archive.EnsureIndexes();
        _archive.CheckIndexes(pins.Indexes); // before the downloads, so --strict fails fast
        var fetched = _archive.Fetch(pins.CorpusPackages);
        var snapshot = _archive.CheckIndexes(pins.Indexes); // again: a failed download refreshes stale lists
        var gettext = fetched.Skip(3).ToList();

        var pool = new CandidatePool();
        Step("Ding dictionary", () => DingSource.Collect(pool, fetched[0]), pool);
        Step("package descriptions (DDTP)", () => DescriptionSource.Collect(pool, _archive), pool);
        Step("LibreOffice help", () => HelpSource.Collect(pool, fetched[1], fetched[2]), pool);
        Step($"gettext catalogs of {gettext.Count} packages", () => gettext.ForEach(p => GettextSource.Collect(pool, p)),
            pool);
        var splits = CorpusSplitter.SplitByGroup(pool.Candidates, _options.HeldOutQuotas, _options.Seed);
        if (splits.Train.Count < _options.MinTrainPairs)
        {
            throw new UserInputException(
                $"only {splits.Train.Count} training pairs from the pinned packages (need {_options.MinTrainPairs}); " +
                "add gettext packages to DebianPins");
        }
        var packages = fetched.ToDictionary(p => p.Name, p => p.Version, StringComparer.Ordinal);
        return new CollectedCorpus(splits, pool.PerSource, packages) { Archive = snapshot };
    }

    private void Step(string name, Action action, CandidatePool pool)
    {
        var before = pool.Candidates.Count;
        var clock = Stopwatch.StartNew();
        _log($"{name}...");
        action();
        _log($"  {name}: +{pool.Candidates.Count - before} pairs ({clock.Elapsed.TotalSeconds:F1} s)");
    }
}
