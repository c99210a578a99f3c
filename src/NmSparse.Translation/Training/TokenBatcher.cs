namespace NmSparse.Translation.Training;

/// <summary>
/// Length-bucketed token batches: examples sorted by (target, source) length, cut into batches whose padded size
/// (count × longest side) stays within a token budget, so little compute goes to padding. The batch order of
/// epoch e is a permutation seeded by (seed, e): the batch of any step is a pure function of the step, which is
/// what makes --resume reproduce an uninterrupted run exactly.
/// </summary>
public sealed class TokenBatcher
{
    private readonly IReadOnlyList<TokenBatch> _batches;
    private readonly int _seed;
    private int[]? _order;
    private long _orderEpoch = -1;

    public TokenBatcher(IReadOnlyList<int> sourceLengths, IReadOnlyList<int> targetLengths, int maxTokens, int seed)
    {
        if (sourceLengths.Count != targetLengths.Count)
            throw new ArgumentException("source and target length lists differ in size");
        if (sourceLengths.Count == 0) throw new UserInputException("the training split has no usable sentence pairs");
        if (maxTokens < 1) throw new UserInputException($"batch_tokens must be positive (got {maxTokens})");
        _seed = seed;
        _batches = Build(sourceLengths, targetLengths, maxTokens);
    }

    public int BatchesPerEpoch => _batches.Count;

    public IReadOnlyList<TokenBatch> Batches => _batches;

    /// <summary>The batch that training step <paramref name="step"/> (from 0) uses.</summary>
    public TokenBatch ForStep(long step)
    {
        long epoch = step / _batches.Count;
        if (epoch != _orderEpoch)
        {
            _order = Permutation(_batches.Count, unchecked(_seed * 1_000_003 + (int)epoch));
            _orderEpoch = epoch;
        }
        return _batches[_order![(int)(step % _batches.Count)]];
    }

    private static List<TokenBatch> Build(IReadOnlyList<int> src, IReadOnlyList<int> tgt, int maxTokens)
    {
        var sorted = Enumerable.Range(0, src.Count).OrderBy(i => tgt[i]).ThenBy(i => src[i]).ThenBy(i => i).ToArray();
        var batches = new List<TokenBatch>();
        var current = new List<int>();
        int maxSrc = 0, maxTgt = 0;
        long tokens = 0;
        foreach (int i in sorted)
        {
            int newSrc = Math.Max(maxSrc, src[i]), newTgt = Math.Max(maxTgt, tgt[i]);
            if (current.Count > 0 && (long)(current.Count + 1) * Math.Max(newSrc, newTgt) > maxTokens)
            {
                batches.Add(new TokenBatch(current.ToArray(), maxSrc, maxTgt) { TargetTokens = tokens });
                current.Clear();
                newSrc = src[i];
                newTgt = tgt[i];
                tokens = 0;
            }
            current.Add(i);
            maxSrc = newSrc;
            maxTgt = newTgt;
            tokens += tgt[i];
        }
        if (current.Count > 0) batches.Add(new TokenBatch(current.ToArray(), maxSrc, maxTgt) { TargetTokens = tokens });
        return batches;
    }

    private static int[] Permutation(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}
