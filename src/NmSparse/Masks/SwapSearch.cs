using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The state of <see cref="ChannelPermutation.Search"/>: the permuted score matrix P [rows, C], per position c the
/// per-row sums A_c (N largest) and B_c (N−1 largest) of c's group without c, per group the kept sum K_g, and the
/// gain matrix F[c, x] = Σ_r max(A_c, B_c + P[r, x]) − Σ_r K_g(c), so swapping positions i and j gains
/// F[i, j] + F[j, i].
/// </summary>
internal sealed class SwapSearch : IDisposable
{
    // Gain rows are computed in chunks of at most this many float64 temporaries (32 MB).
    private const long Budget = 1L << 22;
    private readonly int _n;
    private readonly int _m;
    private readonly long _channels;
    private readonly Tensor _scores;
    private readonly Tensor _a;
    private readonly Tensor _b;
    private readonly Tensor _kept;
    private readonly Tensor _gain;
    private readonly Tensor _sameGroup;

    public SwapSearch(Tensor scores, NmPattern pattern)
    {
        _n = pattern.N;
        _m = pattern.M;
        _scores = scores.detach().to(ScalarType.Float64, CPU).contiguous().clone();
        _channels = _scores.shape[1];
        long rows = _scores.shape[0];
        Permutation = Enumerable.Range(0, (int)_channels).Select(c => (long)c).ToArray();
        Total = _scores.sum().item<double>();
        _a = zeros(_channels, rows, ScalarType.Float64);
        _b = zeros(_channels, rows, ScalarType.Float64);
        _kept = zeros(_channels / _m, ScalarType.Float64);
        _gain = zeros(_channels, _channels, ScalarType.Float64);
        using var group = arange(_channels).div(_m, rounding_mode: RoundingMode.floor);
        _sameGroup = group.unsqueeze(1).eq(group.unsqueeze(0));
        for (long g = 0; g < _channels / _m; g++) RefreshGroup(g);
        RefreshGainRows(0, _channels);
    }

    public long[] Permutation { get; }

    public double Total { get; }

    /// <summary>Σ over groups and rows of the N largest scores.</summary>
    public double Kept() => _kept.sum().item<double>();

    /// <summary>Positions (i &lt; j) of the best swap gaining over <paramref name="tolerance"/>, or null.</summary>
    public (long I, long J)? BestSwap(double tolerance)
    {
        using var scope = NewDisposeScope();
        var gains = _gain.add(_gain.t()).masked_fill_(_sameGroup, double.NegativeInfinity);
        long best = gains.flatten().argmax().item<long>();
        long i = best / _channels, j = best % _channels;
        return gains[i, j].item<double>() > tolerance ? (i, j) : null;
    }

    /// <summary>Swaps positions <paramref name="i"/> and <paramref name="j"/>; updates what depends on them.</summary>
    public void Swap(long i, long j)
    {
        (Permutation[i], Permutation[j]) = (Permutation[j], Permutation[i]);
        using (var scope = NewDisposeScope())
        {
            var index = tensor(new[] { j, i });
            _scores.index_copy_(1, tensor(new[] { i, j }), _scores.index_select(1, index));
        }
        foreach (long g in new[] { i / _m, j / _m })
        {
            RefreshGroup(g);
            RefreshGainRows(g * _m, _m);
        }
        RefreshGainColumn(i);
        RefreshGainColumn(j);
    }

    public void Dispose()
    {
        foreach (var t in new[] { _scores, _a, _b, _kept, _gain, _sameGroup }) t.Dispose();
    }

    private void RefreshGroup(long g)
    {
        using var scope = NewDisposeScope();
        var block = _scores.narrow(1, g * _m, _m);                       // [rows, M]
        _kept[g] = TopSum(block, _n).sum();
        for (int k = 0; k < _m; k++)
        {
            var others = cat([block.narrow(1, 0, k), block.narrow(1, k + 1, _m - k - 1)], 1);
            _a[g * _m + k] = TopSum(others, _n);
            _b[g * _m + k] = TopSum(others, _n - 1);
        }
    }

    private void RefreshGainRows(long start, long count)
    {
        long chunk = Math.Max(1, Budget / Math.Max(1, _scores.numel()));
        for (long c = start; c < start + count; c += chunk) RefreshGainChunk(c, Math.Min(chunk, start + count - c));
    }

    private void RefreshGainChunk(long start, long count)
    {
        using var scope = NewDisposeScope();
        var a = _a.narrow(0, start, count).unsqueeze(2);                  // [count, rows, 1]
        var b = _b.narrow(0, start, count).unsqueeze(2);
        var sums = maximum(a, b.add(_scores.unsqueeze(0))).sum([1]);       // [count, C]
        var kept = _kept.index_select(0, arange(start, start + count).div(_m, rounding_mode: RoundingMode.floor));
        _gain.narrow(0, start, count).copy_(sums.sub(kept.unsqueeze(1)));
    }

    private void RefreshGainColumn(long x)
    {
        using var scope = NewDisposeScope();
        var column = _scores.select(1, x).unsqueeze(0);                    // [1, rows]
        var sums = maximum(_a, _b.add(column)).sum([1]);                   // [C]
        var kept = _kept.index_select(0, arange(_channels).div(_m, rounding_mode: RoundingMode.floor));
        _gain.select(1, x).copy_(sums.sub(kept));
    }

    /// <summary>Per-row sum of the <paramref name="k"/> largest entries of <paramref name="block"/>.</summary>
    private static Tensor TopSum(Tensor block, int k) =>
        k == 0 ? zeros(block.shape[0], ScalarType.Float64) : block.topk(k, 1).values.sum([1]);
}
