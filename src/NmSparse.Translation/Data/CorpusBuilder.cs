using System.Diagnostics;
using System.Globalization;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Data;

/// <summary>
/// Builds a corpus directory end to end (what <c>nmsparse data</c> runs): collects pairs from Debian packages or a
/// user corpus, splits them, writes <c>{train,valid,test}.{en,de}</c>, trains the SentencePiece tokenizer, checks
/// Microsoft.ML.Tokenizers against <c>spm_encode</c> and writes <c>manifest.json</c>. A directory that already
/// matches its manifest is only verified.
/// </summary>
public sealed class CorpusBuilder
{
    /// <summary>Lines per language compared between the in-process tokenizer and spm_encode.</summary>
    public const int TokenizerCheckLines = 200;

    /// <summary>Version of the output layout; part of the request, so a changed builder rebuilds old corpora.</summary>
    public const int FormatVersion = 3;

    /// <summary>Fewest usable pairs a user corpus must have.</summary>
    public const int MinUserPairs = 20;

    private readonly DataBuildOptions _options;
    private readonly Action<string> _log;
    private readonly CorpusPaths _paths;

    /// <summary>Creates a builder; progress lines go to <paramref name="log"/>.</summary>
    public CorpusBuilder(DataBuildOptions options, Action<string> log)
    {
        options.Validate();
        _options = options;
        _log = log;
        _paths = new CorpusPaths(options.OutputDirectory);
    }

    /// <summary>Builds (or verifies) the corpus and returns its manifest.</summary>
    public CorpusManifest Build()
    {
        var request = Request();
        var existing = CorpusManifest.TryLoad(_paths.Manifest);
        var stale = existing?.StaleReason(request, _paths);
        if (existing is not null && stale is null && _options.Strict && existing.Drift.Count > 0)
        {
            throw new UserInputException($"{_paths.Manifest}: built with {existing.Drift.Count} pin difference(s) " +
                $"(--strict allows none): {existing.Drift[0]}");
        }
        if (existing is not null && stale is null)
        {
            existing.Drift.ToList().ForEach(d => _log($"  warning (recorded at build time): {d}"));
            _log($"{_paths.Directory} is up to date (every file matches manifest.json); nothing to do");
            return existing;
        }
        if (existing is not null)
        {
            _log($"rebuilding {_paths.Directory}: {stale}");
        }
        var clock = Stopwatch.StartNew();
        var archive = new DebianArchive(_options.CacheDirectory, _log, _options.Strict);
        var corpus = _options.FromUserCorpus ? CollectUserCorpus() : new DebianCorpusCollector(archive, _options, _log).Collect();
        var splits = corpus.Splits;
        _log($"writing splits to {_paths.Directory}: train {splits.Train.Count}, valid {splits.Valid.Count}, test {splits.Test.Count}");
        WriteSplit("train", splits.Train);
        WriteSplit("valid", splits.Valid);
        WriteSplit("test", splits.Test);
        var overlap = splits.Overlap();
        _log($"overlap with train: {overlap.Sentences} held-out English sentences, {overlap.Prefixes} 5-word " +
            $"prefixes, {overlap.German} German sentences");

        _log($"training SentencePiece BPE ({_options.VocabSize} pieces) on train.en + train.de...");
        var trainer = SentencePieceTrainer.Fetch(archive, _options.Pins.Tools);
        trainer.Train([_paths.English("train"), _paths.German("train")], _paths.TokenizerModel, _options.VocabSize,
            _options.Seed);
        var check = CheckTokenizer(trainer);

        var packages = new Dictionary<string, string>(corpus.Packages, StringComparer.Ordinal);
        foreach (var package in trainer.Packages)
        {
            packages[package.Name] = package.Version;
        }
        var manifest = new CorpusManifest
        {
            Request = request,
            BuildDate = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            BuildSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Packages = packages,
            ReleaseDate = corpus.Archive?.ReleaseDate,
            Indexes = corpus.Archive?.Indexes,
            Drift = archive.Drift,
            SourcePairs = corpus.SourcePairs,
            Splits = new Dictionary<string, int>
            {
                ["train"] = splits.Train.Count, ["valid"] = splits.Valid.Count, ["test"] = splits.Test.Count,
            },
            DroppedPairs = splits.Dropped,
            MalformedLines = corpus.MalformedLines,
            Overlap = new Dictionary<string, int>
            {
                ["sentences"] = overlap.Sentences, ["prefixes"] = overlap.Prefixes, ["german"] = overlap.German,
            },
            TokenizerCheck = check,
            Files = _paths.OutputFiles().ToDictionary(f => Path.GetFileName(f), AtomicFile.Sha256),
        };
        manifest.Save(_paths.Manifest);
        _log($"done in {manifest.BuildSeconds:F1} s: {_paths.Manifest}");
        return manifest;
    }

    private Dictionary<string, string> Request()
    {
        var request = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["kind"] = _options.TsvFile is not null ? "tsv" : _options.MosesFiles is not null ? "moses" : "debian",
            ["seed"] = _options.Seed.ToString(CultureInfo.InvariantCulture),
            ["vocab_size"] = _options.VocabSize.ToString(CultureInfo.InvariantCulture),
        };
        if (!_options.FromUserCorpus)
        {
            request["suite"] = DebianArchive.Suite;
            request["min_train_pairs"] = _options.MinTrainPairs.ToString(CultureInfo.InvariantCulture);
            request["pins"] = _options.Pins.Fingerprint();
        }
        foreach (var input in UserInputs())
        {
            request[$"input:{Path.GetFullPath(input)}"] = File.Exists(input) ? AtomicFile.Sha256(input) : "missing";
        }
        if (_options.FromUserCorpus)
        {
            request["strict"] = _options.Strict.ToString();
        }
        return request;
    }

    private IEnumerable<string> UserInputs()
    {
        if (_options.TsvFile is not null)
        {
            yield return _options.TsvFile;
        }
        if (_options.MosesFiles is { } moses)
        {
            yield return moses.English;
            yield return moses.German;
        }
    }

    private CollectedCorpus CollectUserCorpus()
    {
        var reader = new UserCorpusReader(_options.Strict, _log);
        var inputs = UserInputs().ToList();
        _log($"reading {string.Join(" + ", inputs)}...");
        var pairs = _options.TsvFile is not null
            ? reader.ReadTsv(_options.TsvFile)
            : reader.ReadMoses(inputs[0], inputs[1]);
        if (reader.Malformed > UserCorpusReader.MaxReported)
        {
            _log($"  ... {reader.Malformed} malformed lines skipped in all");
        }
        var pool = new CandidatePool();
        for (var i = 0; i < pairs.Count; i++)
        {
            pool.Add(pairs[i], "user", $"user:{i}", heldOutEligible: true);
        }
        var usable = pool.Candidates.Select(c => c.Pair).ToList();
        _log($"  {pairs.Count} pairs read, {usable.Count} kept after filtering and deduplication");
        if (usable.Count < MinUserPairs)
        {
            throw new UserInputException(
                $"{inputs[0]}: only {usable.Count} usable pairs after filtering (need at least {MinUserPairs})");
        }
        var valid = Math.Min(1000, usable.Count / 20);
        var test = Math.Min(2000, usable.Count / 10);
        var splits = CorpusSplitter.SplitRandom(usable, Math.Max(1, valid), Math.Max(1, test), _options.Seed);
        return new CollectedCorpus(splits, pool.PerSource, new Dictionary<string, string>(), reader.Malformed);
    }

    private void WriteSplit(string split, IReadOnlyList<SentencePair> pairs)
    {
        AtomicFile.WriteLines(_paths.English(split), pairs.Select(p => p.En));
        AtomicFile.WriteLines(_paths.German(split), pairs.Select(p => p.De));
    }

    private Dictionary<string, int> CheckTokenizer(SentencePieceTrainer trainer)
    {
        var lines = ParallelCorpus.ReadLines(_paths.English("valid")).Take(TokenizerCheckLines)
            .Concat(ParallelCorpus.ReadLines(_paths.German("valid")).Take(TokenizerCheckLines)).ToList();
        var reference = trainer.EncodeReference(_paths.TokenizerModel, lines);
        var tokenizer = SubwordTokenizer.Load(_paths.TokenizerModel);
        var mismatches = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!tokenizer.Encode(lines[i]).SequenceEqual(reference[i]) && mismatches++ == 0)
            {
                _log($"  warning: Microsoft.ML.Tokenizers and spm_encode disagree on \"{lines[i]}\"");
            }
        }
        _log($"tokenizer check: {lines.Count - mismatches}/{lines.Count} lines give the same ids as spm_encode");
        return new Dictionary<string, int> { ["lines"] = lines.Count, ["mismatches"] = mismatches };
    }
}
