namespace NmSparse.Translation.Data;

/// <summary>
/// Reads user-supplied parallel text: a TSV file (<c>en&lt;TAB&gt;de</c> a line) or two line-aligned (Moses) files.
/// Malformed lines are reported as <c>FILE:LINE: reason</c> and skipped, or are fatal in strict mode; empty files,
/// invalid UTF-8 and mismatched line counts are always fatal.
/// </summary>
public sealed class UserCorpusReader
{
    /// <summary>How many malformed lines are printed; all are counted.</summary>
    public const int MaxReported = 5;

    private readonly bool _strict;
    private readonly Action<string> _log;

    /// <summary>Creates a reader; <paramref name="log"/> receives the first few malformed-line reports.</summary>
    public UserCorpusReader(bool strict, Action<string> log)
    {
        _strict = strict;
        _log = log;
    }

    /// <summary>Malformed lines seen so far.</summary>
    public int Malformed { get; private set; }

    /// <summary>The pairs of a TSV file, malformed lines skipped.</summary>
    public IReadOnlyList<SentencePair> ReadTsv(string path)
    {
        var pairs = new List<SentencePair>();
        var lines = ReadNonEmptyFile(path);
        for (var i = 0; i < lines.Count; i++)
        {
            var fields = lines[i].Split('\t');
            var problem = fields.Length switch
            {
                1 => "no tab (expected English<TAB>German)",
                > 2 => $"{fields.Length - 1} tabs (expected exactly one)",
                _ => EmptySide(fields[0], fields[1]),
            };
            if (problem is null)
            {
                pairs.Add(new SentencePair(fields[0], fields[1]));
            }
            else
            {
                Report(path, i + 1, problem);
            }
        }
        return pairs;
    }

    /// <summary>The pairs of two line-aligned files, lines with an empty side skipped.</summary>
    public IReadOnlyList<SentencePair> ReadMoses(string englishPath, string germanPath)
    {
        var english = ReadNonEmptyFile(englishPath);
        var german = ReadNonEmptyFile(germanPath);
        if (english.Count != german.Count)
        {
            throw new UserInputException(
                $"{englishPath}: {english.Count} lines but {germanPath} has {german.Count}; the files must be line-aligned");
        }
        var pairs = new List<SentencePair>();
        for (var i = 0; i < english.Count; i++)
        {
            if (EmptySide(english[i], german[i]) is { } problem)
            {
                Report(englishPath, i + 1, problem);
            }
            else
            {
                pairs.Add(new SentencePair(english[i], german[i]));
            }
        }
        return pairs;
    }

    private static IReadOnlyList<string> ReadNonEmptyFile(string path)
    {
        var lines = ParallelCorpus.ReadLines(path);
        if (lines.All(string.IsNullOrWhiteSpace))
        {
            throw new UserInputException($"{path}: file is empty");
        }
        return lines;
    }

    private static string? EmptySide(string en, string de) =>
        string.IsNullOrWhiteSpace(en) ? "empty English side"
        : string.IsNullOrWhiteSpace(de) ? "empty German side"
        : null;

    private void Report(string path, int line, string reason)
    {
        var message = $"{path}:{line}: {reason}";
        if (_strict)
        {
            throw new UserInputException(message);
        }
        Malformed++;
        if (Malformed <= MaxReported)
        {
            _log($"  warning: {message}, skipped");
        }
    }
}
