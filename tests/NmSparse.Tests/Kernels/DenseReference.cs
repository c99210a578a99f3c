using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Kernels;

/// <summary>Random masked weights and the float64 dense product the kernels must match.</summary>
internal static class DenseReference
{
    /// <summary>A random [rows, columns] weight masked to <paramref name="pattern"/> (seeded).</summary>
    public static Tensor MaskedWeight(long rows, long columns, NmPattern pattern, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var w = randn(new[] { rows, columns }, generator: generator);
        using var mask = NmMask.Compute(w, pattern);
        return w.mul(mask);
    }

    public static float[] RandomFloats(int count, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var t = randn(new long[] { count }, generator: generator);
        return t.data<float>().ToArray();
    }

    /// <summary>
    /// Checks every output against x·Wᵀ + bias computed in float64 from the dense weight: the error may be 1e-5
    /// of Σ|w·x| + |bias| (the sum of the magnitudes the output adds up, so cancellation does not inflate it).
    /// </summary>
    public static void AssertClose(Tensor weight, float[] bias, float[] x, int batch, float[] actual)
    {
        using var scope = NewDisposeScope();
        long rows = weight.shape[0], columns = weight.shape[1];
        Tensor w = weight.to(ScalarType.Float64);
        Tensor xs = tensor(x, new[] { (long)batch, columns }).to(ScalarType.Float64);
        Tensor b = tensor(bias).to(ScalarType.Float64);
        double[] expected = xs.matmul(w.t()).add(b).data<double>().ToArray();
        double[] scale = xs.abs().matmul(w.abs().t()).add(b.abs()).data<double>().ToArray();
        Assert.Equal(batch * rows, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= 1e-5 * scale[i] + 1e-30,
                $"output {i}: {actual[i]} vs {expected[i]} (error {error}, scale {scale[i]})");
        }
    }

    /// <summary>The weight with every value rounded to bfloat16, as the kernel sees bfloat16 storage.</summary>
    public static Tensor RoundedToBFloat16(Tensor weight) =>
        weight.to(ScalarType.BFloat16).to(ScalarType.Float32);

    public static float[] Run(NmSparseLinear linear, float[] x, int batch)
    {
        var y = new float[batch * linear.OutFeatures];
        linear.Forward(x, batch, y);
        return y;
    }
}
