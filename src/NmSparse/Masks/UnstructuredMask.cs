using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// Unstructured magnitude masks at a target density: the round(density·count) largest |w| are kept (1), the rest
/// pruned (0). Rounding is to the nearest integer, halves away from zero. Ties: the lower flat index wins; for
/// <see cref="ComputeGlobal"/> the flat index runs over the tensors in list order, so an earlier tensor wins a tie.
/// </summary>
public static class UnstructuredMask
{
    /// <summary>Keeps the round(density·numel) largest |w| of one tensor (ties: lower flat index wins).</summary>
    public static Tensor Compute(Tensor weight, double density)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return ComputeGlobal(new[] { weight }, density)[0];
    }

    /// <summary>
    /// One global ranking over all tensors: keeps round(density·total) weights in all. Each returned mask has its
    /// weight's shape, dtype and device, and no grad. All weights must be on one device.
    /// </summary>
    public static IReadOnlyList<Tensor> ComputeGlobal(IReadOnlyList<Tensor> weights, double density)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(density > 0.0 && density <= 1.0))
            throw new UserInputException($"density must be in (0, 1] (got {density})");
        if (weights.Count == 0) return Array.Empty<Tensor>();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long total = weights.Sum(w => w.numel());
        long kept = (long)Math.Round(density * total, MidpointRounding.AwayFromZero);
        ScalarType scoreType = weights.All(w => w.dtype == weights[0].dtype) ? weights[0].dtype : ScalarType.Float64;
        Tensor scores = cat(weights.Select(w => w.abs().reshape(-1).to(scoreType)).ToArray(), 0);
        Tensor keep = kept == total ? ones_like(scores, ScalarType.Bool)
            : kept == 0 ? zeros_like(scores, ScalarType.Bool)
            : KeepLargest(scores, kept);

        var masks = new Tensor[weights.Count];
        long offset = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            Tensor w = weights[i];
            masks[i] = keep.narrow(0, offset, w.numel()).reshape(w.shape).to(w.dtype).MoveToOuterDisposeScope();
            offset += w.numel();
        }
        return masks;
    }

    /// <summary>Marks the <paramref name="count"/> largest entries of the 1-D <paramref name="scores"/>; among
    /// equal scores the lower index wins.</summary>
    private static Tensor KeepLargest(Tensor scores, long count)
    {
        // The count-th largest score is the threshold: scores above it are all kept, and of the scores equal to it
        // only the first (by index) as many as there are slots left after the strictly larger ones.
        Tensor threshold = scores.kthvalue(scores.numel() - count + 1, 0).values;
        Tensor above = scores.gt(threshold);
        Tensor equal = scores.eq(threshold);
        long slots = count - above.sum().item<long>();
        return above.logical_or_(equal.logical_and_(equal.cumsum(0).le(slots)));
    }
}
