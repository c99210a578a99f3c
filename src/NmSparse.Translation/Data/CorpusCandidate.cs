namespace NmSparse.Translation.Data;

/// <summary>A pair on its way into a corpus, with where it came from.</summary>
/// <param name="Pair">The text.</param>
/// <param name="Source">Source name used in counts (e.g. <c>ding</c>, <c>ddtp</c>).</param>
/// <param name="Group">
/// Unit of splitting: every pair of a group lands in the same split (a Ding entry, a source package, a help page).
/// </param>
/// <param name="HeldOutEligible">Whether the pair is sentence-like enough for the valid/test sets.</param>
public sealed record CorpusCandidate(SentencePair Pair, string Source, string Group, bool HeldOutEligible)
{
    /// <summary>The normalised English key (<see cref="TextNormalizer.Key"/>).</summary>
    public string Key { get; } = TextNormalizer.Key(Pair.En);
}
