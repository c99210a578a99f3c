namespace NmSparse.Translation.Data;

/// <summary>The three splits of a corpus plus how many pairs the split left out.</summary>
/// <param name="Train">Training pairs.</param>
/// <param name="Valid">Validation pairs.</param>
/// <param name="Test">Test pairs.</param>
/// <param name="Dropped">Pairs of held-out groups not used (template sentences, quota overflow).</param>
public sealed record CorpusSplits(
    IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Valid, IReadOnlyList<SentencePair> Test, int Dropped)
{
    /// <summary>
    /// Number of (valid ∪ test) English keys also in train, and of (valid ∪ test) English 5-word key prefixes that
    /// start a training sentence. Both are zero for a Debian build; the first is zero for every build.
    /// </summary>
    public (int Sentences, int Prefixes) Overlap()
    {
        var trainKeys = Train.Select(p => TextNormalizer.Key(p.En)).ToHashSet(StringComparer.Ordinal);
        var trainPrefixes = trainKeys.Select(k => TextNormalizer.KeyPrefix(k, CorpusSplitter.PrefixWords))
            .ToHashSet(StringComparer.Ordinal);
        var heldOut = Valid.Concat(Test).Select(p => TextNormalizer.Key(p.En)).ToList();
        return (heldOut.Count(trainKeys.Contains),
            heldOut.Count(k => trainPrefixes.Contains(TextNormalizer.KeyPrefix(k, CorpusSplitter.PrefixWords))));
    }
}
