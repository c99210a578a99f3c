using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// Unstructured magnitude masks at a target density: the round(density·count) largest |w| are kept (1), the rest
/// pruned (0). Rounding is to the nearest integer, halves away from zero. Ties: the lower flat index wins; for
/// <see cref="ComputeGlobal"/> the flat index runs over the tensors in list order, so an earlier tensor wins a tie.
/// The selection runs on the weights' device with libtorch operations and never waits for it, except that
/// <see cref="ComputeGlobal"/> reads the per-tensor counts back in one transfer.
/// </summary>
public static class UnstructuredMask
{
    /// <summary>
    /// How many of <paramref name="weights"/> a mask at <paramref name="density"/> keeps: round(density·weights),
    /// halves away from zero. Throws <see cref="UserInputException"/> for a density outside (0, 1].
    /// </summary>
    public static long KeptCount(long weights, double density)
    {
        if (!(density > 0.0 && density <= 1.0))
            throw new UserInputException($"density must be in (0, 1] (got {density})");
        return (long)Math.Round(density * weights, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Keeps the <see cref="KeptCount"/> largest |w| of one tensor (ties: lower flat index wins). The mask has the
    /// weight's shape, dtype and device, and no grad.
    /// </summary>
    public static Tensor Compute(Tensor weight, double density)
    {
        ArgumentNullException.ThrowIfNull(weight);
        long kept = KeptCount(weight.numel(), density);
        return Select(new[] { weight }, kept)[0];
    }

    /// <summary>
    /// One global ranking over all tensors: keeps round(density·total) weights in all. Each returned mask has its
    /// weight's shape, dtype and device, and no grad; its count of kept weights is read back from the device (one
    /// transfer for all tensors). All weights must be on one device.
    /// </summary>
    public static IReadOnlyList<CountedMask> ComputeGlobal(IReadOnlyList<Tensor> weights, double density)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long kept = KeptCount(weights.Sum(w => w.numel()), density);
        if (weights.Count == 0) return Array.Empty<CountedMask>();
        Tensor[] masks = Select(weights, kept);
        if (masks.Length == 1) return [new CountedMask(masks[0], kept)];
        long[] counts;
        using (no_grad())
        using (NewDisposeScope())
        {
            counts = stack(masks.Select(m => m.count_nonzero()).ToArray()).cpu().data<long>().ToArray();
        }
        return masks.Select((m, i) => new CountedMask(m, counts[i])).ToArray();
    }

    /// <summary>Masks keeping the <paramref name="kept"/> largest |w| over all <paramref name="weights"/>.</summary>
    private static Tensor[] Select(IReadOnlyList<Tensor> weights, long kept)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long total = weights.Sum(w => w.numel());
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
        // only the first (by index) as many as there are slots left after the strictly larger ones. The slots stay
        // a device scalar, so nothing waits for the device.
        Tensor threshold = scores.kthvalue(scores.numel() - count + 1, 0).values;
        Tensor above = scores.gt(threshold);
        Tensor equal = scores.eq(threshold);
        Tensor slots = above.sum().neg().add(count);
        return above.logical_or_(equal.logical_and_(equal.cumsum(0).le(slots)));
    }
}
