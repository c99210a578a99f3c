using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The libtorch-only N:M selection behind <see cref="NmMask.ComputeWithTorchOps"/>: it runs on the weight's device
/// (no copy to the host and no host sync). The grouped dimension is moved last and the weight viewed as groups of M
/// magnitudes; member j's rank is the number of members that beat it - a later member by being strictly larger, an
/// earlier one by being at least as large - counted by comparing every pair of the group at once (broadcasting
/// [groups, M, 1] against [groups, 1, M]). Members with rank &lt; N are kept. The ranks of a group are a permutation
/// of 0..M−1, so exactly N are kept and ties go to the lower index, as in the managed kernel; the result is exact and
/// deterministic. Groups are processed in chunks so the pairwise comparison stays within
/// <see cref="MaxComparisons"/> elements.
/// </summary>
internal static class NmRankKernel
{
    /// <summary>Largest [groups, M, M] comparison built at once (16M booleans).</summary>
    public const long MaxComparisons = 1L << 24;

    /// <summary>The N:M mask of <paramref name="weight"/> grouped along <paramref name="dim"/> (checked by the
    /// caller).</summary>
    public static Tensor Compute(Tensor weight, long dim, NmPattern pattern)
    {
        using var scope = NewDisposeScope();
        long last = weight.dim() - 1;
        ScalarType work = weight.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        Tensor moved = dim == last ? weight.detach() : weight.detach().movedim(new[] { dim }, new[] { last });
        Tensor groups = moved.to(work).abs().reshape(-1, pattern.M);
        // earlier[j, k] is true when member k comes before member j, so it beats j on a tie.
        Tensor earlier = ones(pattern.M, pattern.M, ScalarType.Bool, weight.device).tril(-1);
        long count = groups.shape[0];
        long chunk = Math.Max(1, MaxComparisons / ((long)pattern.M * pattern.M));
        var kept = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            // Each chunk frees its comparisons before the next one is built.
            using var chunkScope = NewDisposeScope();
            Tensor part = groups.narrow(0, start, Math.Min(chunk, count - start));
            Tensor member = part.unsqueeze(2);
            Tensor other = part.unsqueeze(1);
            Tensor beaten = where(earlier, other.ge(member), other.gt(member));
            kept.Add(beaten.sum(2).lt(pattern.N).MoveToOuterDisposeScope());
        }
        Tensor keep = (kept.Count == 1 ? kept[0] : cat(kept, 0)).reshape(moved.shape).to(weight.dtype);
        Tensor mask = dim == last ? keep : keep.movedim(new[] { last }, new[] { dim }).contiguous();
        return mask.MoveToOuterDisposeScope();
    }
}
