namespace NmSparse.Translation.Data;

/// <summary>The three splits of a corpus plus how many pairs the split left out.</summary>
/// <param name="Train">Training pairs.</param>
/// <param name="Valid">Validation pairs.</param>
/// <param name="Test">Test pairs.</param>
/// <param name="Dropped">
/// Pairs in no split: those of held-out groups not used (template sentences, German found elsewhere, quota overflow)
/// and held-out candidates of a user corpus whose German occurs in train.
/// </param>
public sealed record CorpusSplits(
    IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Valid, IReadOnlyList<SentencePair> Test, int Dropped)
{
    /// <summary>
    /// Number of (valid ∪ test) English keys also in train, of (valid ∪ test) English 5-word key prefixes that start
    /// a training sentence, and of (valid ∪ test) German keys also in train. The first and last are zero for every
    /// build, the second for a Debian build.
    /// </summary>
    public (int Sentences, int Prefixes, int German) Overlap()
    {
        var trainKeys = Train.Select(p => TextNormalizer.Key(p.En)).ToHashSet(StringComparer.Ordinal);
        var trainPrefixes = trainKeys.Select(k => TextNormalizer.KeyPrefix(k, CorpusSplitter.PrefixWords))
            .ToHashSet(StringComparer.Ordinal);
        var trainGerman = Train.Select(p => TextNormalizer.Key(p.De)).ToHashSet(StringComparer.Ordinal);
        var heldOut = Valid.Concat(Test).ToList();
        var heldOutKeys = heldOut.Select(p => TextNormalizer.Key(p.En)).ToList();
        return (heldOutKeys.Count(trainKeys.Contains),
            heldOutKeys.Count(k => trainPrefixes.Contains(TextNormalizer.KeyPrefix(k, CorpusSplitter.PrefixWords))),
            heldOut.Count(p => trainGerman.Contains(TextNormalizer.Key(p.De))));
    }
}
