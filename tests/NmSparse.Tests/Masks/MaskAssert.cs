using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

/// <summary>Compares a mask tensor with hand-written expected values.</summary>
internal static class MaskAssert
{
    public static void Equal(float[] expected, long[] shape, Tensor actual)
    {
        Assert.Equal(shape, actual.shape);
        Assert.Equal(expected, actual.to(ScalarType.Float32).reshape(-1).data<float>().ToArray());
    }

    public static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "masks differ");
    }

    /// <summary>
    /// Asserts that <see cref="NmMask.Compute"/> of <paramref name="weight"/> has its dtype, keeps exactly N of every
    /// M and equals the sort-based <see cref="ReferenceNmMask"/> (default Input axis).
    /// </summary>
    public static void MatchesReference(Tensor weight, NmPattern pattern)
    {
        using var mask = NmMask.Compute(weight, pattern);
        using var reference = ReferenceNmMask.Compute(weight, pattern);
        Assert.Equal(weight.dtype, mask.dtype);
        Same(reference, mask);
        using var kept = mask.count_nonzero();
        Assert.Equal(pattern.KeptOf(weight.numel()), kept.item<long>());
    }

    /// <summary>Seeded integer weights from [<paramref name="low"/>, <paramref name="high"/>): ties in nearly every
    /// group.</summary>
    public static Tensor TiedWeights(long[] shape, ulong seed, ScalarType dtype, int low = -2, int high = 3)
    {
        var generator = new TorchSharp.torch.Generator(seed);
        using var values = randint(low, high, shape, generator: generator);
        return values.to(dtype);
    }
}
