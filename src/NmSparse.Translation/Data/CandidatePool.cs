namespace NmSparse.Translation.Data;

/// <summary>
/// Collects candidate pairs in source order: cleans both sides, applies <see cref="PairFilter"/> and keeps only the
/// first pair for each normalised English sentence. Counts what each source contributed.
/// </summary>
public sealed class CandidatePool
{
    private readonly List<CorpusCandidate> _candidates = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perSource = new(StringComparer.Ordinal);

    /// <summary>Accepted candidates in insertion order.</summary>
    public IReadOnlyList<CorpusCandidate> Candidates => _candidates;

    /// <summary>Accepted pairs per source.</summary>
    public IReadOnlyDictionary<string, int> PerSource => _perSource;

    /// <summary>Adds a pair if it passes the filter and its English is new; returns whether it was kept.</summary>
    public bool Add(SentencePair pair, string source, string group, bool heldOutEligible)
    {
        var en = TextNormalizer.Canonical(pair.En);
        var de = TextNormalizer.Canonical(pair.De);
        if (!PairFilter.Accept(en, de))
        {
            return false;
        }
        var candidate = new CorpusCandidate(new SentencePair(en, de), source, group, heldOutEligible);
        if (candidate.Key.Length == 0 || !_keys.Add(candidate.Key))
        {
            return false;
        }
        _candidates.Add(candidate);
        _perSource[source] = _perSource.GetValueOrDefault(source) + 1;
        return true;
    }
}
