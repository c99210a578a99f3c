namespace NmSparse.Translation.Models;

/// <summary>
/// Settings shared by <see cref="GreedyDecoder"/> and <see cref="BeamSearchDecoder"/>. A sentence of n source
/// tokens may produce at most min(⌊<see cref="MaxLengthA"/>·n + <see cref="MaxLengthB"/>⌋, MaxLength) tokens
/// before EOS (fairseq's max_len_a/max_len_b); the limit is per sentence, so batching never changes a result.
/// </summary>
public sealed record DecodingOptions
{
    /// <summary>Output length limit slope, per source token.</summary>
    public double MaxLengthA { get; init; } = 1.5;

    /// <summary>Output length limit intercept.</summary>
    public int MaxLengthB { get; init; } = 10;

    /// <summary>
    /// Sentences per batch (beam search runs BatchSize × beam rows). Sentences are sorted by length first.
    /// </summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Throws a one-line <see cref="UserInputException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (MaxLengthA < 0) throw new UserInputException($"decode.MaxLengthA must be >= 0, got {MaxLengthA}");
        if (MaxLengthB < 1) throw new UserInputException($"decode.MaxLengthB must be >= 1, got {MaxLengthB}");
        if (BatchSize < 1) throw new UserInputException($"decode.BatchSize must be >= 1, got {BatchSize}");
    }

    /// <summary>The output length limit for a source of <paramref name="sourceLength"/> tokens.</summary>
    public int LengthLimit(int sourceLength, int modelMaxLength) =>
        (int)Math.Min(Math.Floor(MaxLengthA * sourceLength + MaxLengthB), modelMaxLength);
}
