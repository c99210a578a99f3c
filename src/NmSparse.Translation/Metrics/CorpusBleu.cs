namespace NmSparse.Translation.Metrics;

/// <summary>
/// Corpus-level BLEU exactly as sacreBLEU 2.4.3's <c>corpus_bleu</c> computes it with its defaults: each
/// segment is right-stripped and <see cref="Tokenizer13a">13a-tokenized</see>, case is kept, n-grams up to 4
/// are clipped against the per-n-gram maximum count over the references, the reference length of a segment is
/// the one closest to the hypothesis length (ties: the shorter), and statistics are summed over segments
/// before <see cref="BleuScore.FromStatistics"/>.
/// </summary>
/// <remarks>
/// An instance tokenizes the references and counts their n-grams once, so scoring the same validation set at
/// every evaluation only pays for the hypotheses. Instances are immutable and safe to share across threads.
/// </remarks>
public sealed class CorpusBleu
{
    /// <summary>The largest n-gram order (sacreBLEU's default).</summary>
    public const int MaxOrder = 4;

    private const int UnknownToken = -1;

    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<NgramKey, int>[] _referenceNgrams;
    private readonly int[][] _referenceLengths;

    /// <summary>Prepares one reference per segment.</summary>
    public CorpusBleu(IReadOnlyList<string> references) : this([references]) { }

    /// <summary>Prepares several reference streams; every stream has one line per segment.</summary>
    public CorpusBleu(IReadOnlyList<IReadOnlyList<string>> referenceStreams)
    {
        ArgumentNullException.ThrowIfNull(referenceStreams);
        if (referenceStreams.Count == 0) throw new ArgumentException("BLEU needs at least one reference stream");
        int segments = referenceStreams[0].Count;
        if (referenceStreams.Any(s => s.Count != segments))
            throw new ArgumentException("all reference streams must have the same number of segments");

        ReferenceCount = referenceStreams.Count;
        _referenceNgrams = new Dictionary<NgramKey, int>[segments];
        _referenceLengths = new int[segments][];
        var ids = new List<int>();
        var otherStream = new Dictionary<NgramKey, int>();
        for (int i = 0; i < segments; i++)
        {
            _referenceLengths[i] = new int[ReferenceCount];
            Dictionary<NgramKey, int>? merged = null;
            for (int r = 0; r < ReferenceCount; r++)
            {
                TokenIds(referenceStreams[r][i], ids, addUnknown: true);
                _referenceLengths[i][r] = ids.Count;
                if (merged is null)
                {
                    merged = new Dictionary<NgramKey, int>(MaxOrder * ids.Count);
                    CountNgrams(ids, merged);
                    continue;
                }
                otherStream.Clear();
                CountNgrams(ids, otherStream);
                foreach (var (ngram, count) in otherStream)
                    merged[ngram] = Math.Max(count, merged.GetValueOrDefault(ngram));
            }
            _referenceNgrams[i] = merged!;
        }
    }

    /// <summary>How many reference streams there are (<c>nrefs</c>).</summary>
    public int ReferenceCount { get; }

    /// <summary>How many segments the references have; <see cref="Score"/> needs that many hypotheses.</summary>
    public int SegmentCount => _referenceNgrams.Length;

    /// <summary>Scores one hypothesis per segment (the same order as the references).</summary>
    public BleuScore Score(IReadOnlyList<string> hypotheses)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        if (hypotheses.Count != SegmentCount)
            throw new ArgumentException($"{hypotheses.Count} hypotheses for {SegmentCount} reference segments");

        var counts = new int[MaxOrder];
        var totals = new int[MaxOrder];
        int hypLength = 0, refLength = 0;
        var ids = new List<int>();
        var hypNgrams = new Dictionary<NgramKey, int>();
        for (int i = 0; i < hypotheses.Count; i++)
        {
            TokenIds(hypotheses[i], ids, addUnknown: false);
            hypLength += ids.Count;
            refLength += ClosestLength(ids.Count, _referenceLengths[i]);
            for (int n = 1; n <= MaxOrder; n++) totals[n - 1] += Math.Max(0, ids.Count - n + 1);

            // N-grams with a token no reference has cannot match; they only count in the totals above.
            hypNgrams.Clear();
            CountNgrams(ids, hypNgrams);
            var reference = _referenceNgrams[i];
            foreach (var (ngram, count) in hypNgrams)
            {
                if (reference.TryGetValue(ngram, out int refCount))
                    counts[ngram.Order - 1] += Math.Min(count, refCount);
            }
        }
        return BleuScore.FromStatistics(counts, totals, hypLength, refLength, ReferenceCount);
    }

    /// <summary>One-shot corpus BLEU with one reference per segment.</summary>
    public static BleuScore Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        new CorpusBleu(references).Score(hypotheses);

    /// <summary>One-shot corpus BLEU with several reference streams.</summary>
    public static BleuScore Compute(
        IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> referenceStreams) =>
        new CorpusBleu(referenceStreams).Score(hypotheses);

    /// <summary>sacreBLEU's <c>_get_closest_ref_len</c>: the closest length, the shorter one on a tie.</summary>
    private static int ClosestLength(int hypLength, int[] refLengths)
    {
        int best = refLengths[0];
        foreach (int length in refLengths)
        {
            int diff = Math.Abs(hypLength - length), bestDiff = Math.Abs(hypLength - best);
            if (diff < bestDiff || (diff == bestDiff && length < best)) best = length;
        }
        return best;
    }

    /// <summary>Right-strips and tokenizes a segment into token ids (unknown tokens: -1 unless added).</summary>
    private void TokenIds(string segment, List<int> ids, bool addUnknown)
    {
        ids.Clear();
        string tokenized = Tokenizer13a.Tokenize(PythonText.RStrip(segment));
        if (tokenized.Length == 0) return;
        var lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (Range range in tokenized.AsSpan().Split(' '))
        {
            ReadOnlySpan<char> token = tokenized.AsSpan(range);
            if (lookup.TryGetValue(token, out int id)) ids.Add(id);
            else if (addUnknown) ids.Add(lookup[token] = _vocabulary.Count);
            else ids.Add(UnknownToken);
        }
    }

    /// <summary>Counts every 1- to 4-gram of <paramref name="ids"/> that has no unknown token.</summary>
    private static void CountNgrams(List<int> ids, Dictionary<NgramKey, int> into)
    {
        ReadOnlySpan<int> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids);
        for (int start = 0; start < span.Length; start++)
        {
            for (int n = 1; n <= MaxOrder && start + n <= span.Length; n++)
            {
                if (span[start + n - 1] == UnknownToken) break; // longer n-grams from here contain it too
                var key = NgramKey.Of(span.Slice(start, n));
                into[key] = into.GetValueOrDefault(key) + 1;
            }
        }
    }
}
