namespace NmSparse.Translation.Training;

/// <summary>Indices of the examples that form one batch, and its padded sizes.</summary>
public sealed record TokenBatch(int[] Indices, int SourceLength, int TargetLength)
{
    /// <summary>Target tokens that are not padding (what tokens/s counts).</summary>
    public long TargetTokens { get; init; }
}
