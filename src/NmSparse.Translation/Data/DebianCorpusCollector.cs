using System.Diagnostics;

namespace NmSparse.Translation.Data;

/// <summary>
/// Gathers the Debian en-de corpus: Ding dictionary, package descriptions, LibreOffice help and gettext catalogs
/// (installed ones, then downloaded packages batch by batch until the training split is large enough), then splits
/// it by group.
/// </summary>
public sealed class DebianCorpusCollector
{
    /// <summary>Gettext packages downloaded per step while the training split is too small.</summary>
    public const int GettextBatch = 4;

    private readonly DebianArchive _archive;
    private readonly DataBuildOptions _options;
    private readonly Action<string> _log;
    private readonly Dictionary<string, string> _packages = new(StringComparer.Ordinal);

    /// <summary>Creates a collector that reads and caches through <paramref name="archive"/>.</summary>
    public DebianCorpusCollector(DebianArchive archive, DataBuildOptions options, Action<string> log)
    {
        _archive = archive;
        _options = options;
        _log = log;
    }

    /// <summary>Runs every step and returns the split corpus.</summary>
    public CollectedCorpus Collect()
    {
        var pool = new CandidatePool();
        Step("apt indexes", () => _archive.EnsureIndexes(), pool);
        Step("Ding dictionary", () => DingSource.Collect(pool, Fetch([DingSource.Package])[0]), pool);
        Step("package descriptions (DDTP)", () => DescriptionSource.Collect(pool, _archive), pool);
        Step("LibreOffice help", () =>
        {
            var help = Fetch(HelpSource.Packages);
            HelpSource.Collect(pool, help[0], help[1]);
        }, pool);
        CorpusSplits? splits = null;
        Step("gettext catalogs", () => splits = CollectGettext(pool), pool);
        return new CollectedCorpus(splits!, pool.PerSource, _packages);
    }

    private CorpusSplits CollectGettext(CandidatePool pool)
    {
        foreach (var installed in GettextSource.CollectInstalled(pool))
        {
            _packages[$"{installed.Name} (installed)"] = installed.Version;
        }
        var next = 0;
        while (true)
        {
            var splits = CorpusSplitter.SplitByGroup(pool.Candidates, _options.HeldOutQuotas, _options.Seed);
            _log($"  {pool.Candidates.Count} pairs so far, {splits.Train.Count} for training");
            if (splits.Train.Count >= _options.MinTrainPairs)
            {
                return splits;
            }
            if (next >= GettextSource.Packages.Count)
            {
                throw new UserInputException(
                    $"only {splits.Train.Count} training pairs after every gettext package " +
                    $"(need {_options.MinTrainPairs}); add packages to GettextSource.Packages");
            }
            var batch = GettextSource.Packages.Skip(next).Take(GettextBatch).ToList();
            next += batch.Count;
            foreach (var package in Fetch(batch))
            {
                GettextSource.Collect(pool, package);
            }
        }
    }

    private IReadOnlyList<DebianPackage> Fetch(IReadOnlyList<string> names)
    {
        var packages = _archive.Fetch(names);
        foreach (var package in packages)
        {
            _packages[package.Name] = package.Version;
        }
        return packages;
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
