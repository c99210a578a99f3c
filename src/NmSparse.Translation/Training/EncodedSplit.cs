using NmSparse.Translation.Data;

namespace NmSparse.Translation.Training;

/// <summary>
/// One split as subword ids: sources end with EOS, targets are BOS … EOS (the decoder input is all but the last
/// token, the prediction target all but the first).
/// </summary>
public sealed record EncodedSplit(string Name, IReadOnlyList<SentencePair> Pairs, int[][] Sources, int[][] Targets)
{
    public int Count => Sources.Length;

    public int[] SourceLengths() => Sources.Select(s => s.Length).ToArray();

    /// <summary>Decoder-side lengths: target minus one (the decoder input and the prediction).</summary>
    public int[] TargetLengths() => Targets.Select(t => t.Length - 1).ToArray();
}
