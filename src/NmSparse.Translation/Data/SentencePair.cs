namespace NmSparse.Translation.Data;

/// <summary>One aligned English–German sentence pair.</summary>
/// <param name="En">The English side.</param>
/// <param name="De">The German side.</param>
public sealed record SentencePair(string En, string De);
