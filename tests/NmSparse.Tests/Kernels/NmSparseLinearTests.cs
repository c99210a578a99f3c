using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Kernels;

public class NmSparseLinearTests
{
    private static readonly NmPattern[] Patterns =
    {
        new(2, 4), new(1, 4), new(1, 8), new(4, 8), new(1, 16), new(2, 32), new(3, 8), new(1, 2), new(5, 32),
        new(2, 3), new(7, 12),
    };

    private static readonly int[] Batches = { 1, 2, 3, 4, 5, 8, 13, 64 };

    [KernelPathFact(KernelPath.Avx512)]
    public void Forward_Avx512RandomShapes_MatchesDenseMaskedProduct() => CheckRandom(KernelPath.Avx512, 11);

    [KernelPathFact(KernelPath.Avx2)]
    public void Forward_Avx2RandomShapes_MatchesDenseMaskedProduct() => CheckRandom(KernelPath.Avx2, 12);

    [KernelPathFact(KernelPath.Portable)]
    public void Forward_PortableRandomShapes_MatchesDenseMaskedProduct() => CheckRandom(KernelPath.Portable, 13);

    [KernelPathFact(KernelPath.Avx512)]
    public void Forward_Avx512BFloat16_MatchesProductOfRoundedWeights() => CheckBFloat16(KernelPath.Avx512);

    [KernelPathFact(KernelPath.Avx2)]
    public void Forward_Avx2BFloat16_MatchesProductOfRoundedWeights() => CheckBFloat16(KernelPath.Avx2);

    [KernelPathFact(KernelPath.Portable)]
    public void Forward_PortableBFloat16_MatchesProductOfRoundedWeights() => CheckBFloat16(KernelPath.Portable);

    [Fact]
    public void Forward_HandMadeTwoFour_GivesExactOutputs()
    {
        // Row 0 keeps columns 1, 2 | 4, 7; row 1 keeps 0, 3 | 5, 6.
        using var w = tensor(new float[]
        {
            0, 2, -1, 0, 3, 0, 0, 1,
            1, 0, 0, 4, 0, -2, 5, 0,
        }, new long[] { 2, 8 });
        var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)), new float[] { 10, 20 });
        float[] x = { 1, 2, 3, 4, 5, 6, 7, 8, /* row 2 */ -1, 0, 1, 0, 0, 1, 0, 1 };

        float[] y = DenseReference.Run(linear, x, 2);

        // x row 0: 2·2 − 3 + 15 + 8 + 10 = 34 and 1 + 16 − 12 + 35 + 20 = 60;
        // x row 1: 0 − 1 + 0 + 1 + 10 = 10 and −1 + 0 − 2 + 0 + 20 = 17.
        Assert.Equal(new float[] { 34, 60, 10, 17 }, y);
    }

    [Fact]
    public void Constructor_ForcedPath_UsesThatPath()
    {
        using var w = zeros(4, 8);
        var matrix = NmCompressedMatrix.FromDense(w, new NmPattern(1, 4));

        var linear = new NmSparseLinear(matrix, path: KernelPath.Portable);

        Assert.Equal(KernelPath.Portable, linear.Path);
    }

    [Fact]
    public void Forward_OneOrTwoThreads_GivesIdenticalBits()
    {
        using var w = DenseReference.MaskedWeight(100, 64, new NmPattern(2, 4), 5);
        var matrix = NmCompressedMatrix.FromDense(w, new NmPattern(2, 4));
        float[] x = DenseReference.RandomFloats(8 * 64, 6);

        float[] one = DenseReference.Run(new NmSparseLinear(matrix, threads: 1), x, 8);
        float[] two = DenseReference.Run(new NmSparseLinear(matrix, threads: 2), x, 8);

        Assert.Equal(one, two);
    }

    [Fact]
    public void Forward_TensorInput_MatchesSpanForward()
    {
        using var w = DenseReference.MaskedWeight(20, 16, new NmPattern(1, 4), 7);
        var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, new NmPattern(1, 4)));
        float[] x = DenseReference.RandomFloats(3 * 16, 8);
        using var xs = tensor(x, new long[] { 3, 16 });

        using var y = linear.Forward(xs);

        Assert.Equal(new long[] { 3, 20 }, y.shape);
        Assert.Equal(DenseReference.Run(linear, x, 3), y.data<float>().ToArray());
    }

    [Fact]
    public void Constructor_GroupsAboveThirtyTwo_ThrowsOneLineError()
    {
        using var w = zeros(2, 64);
        var matrix = NmCompressedMatrix.FromDense(w, new NmPattern(8, 64));

        var e = Assert.Throws<UserInputException>(() => new NmSparseLinear(matrix));

        Assert.Equal("N:M 8:64: the sparse kernel handles groups of up to 32 weights", e.Message);
    }

    [Fact]
    public void Constructor_WrongBiasLength_ThrowsOneLineError()
    {
        using var w = zeros(3, 8);
        var matrix = NmCompressedMatrix.FromDense(w, new NmPattern(2, 4));

        var e = Assert.Throws<UserInputException>(() => new NmSparseLinear(matrix, new float[2]));

        Assert.Equal("bias has 2 values, the weight has 3 outputs", e.Message);
    }

    private static void CheckRandom(KernelPath path, int seed)
    {
        var random = new Random(seed);
        foreach (NmPattern pattern in Patterns)
        {
            int rows = random.Next(1, 70), columns = pattern.M * random.Next(1, 12);
            int batch = Batches[random.Next(Batches.Length)];
            using var w = DenseReference.MaskedWeight(rows, columns, pattern, random.Next());
            float[] bias = DenseReference.RandomFloats(rows, random.Next());
            float[] x = DenseReference.RandomFloats(batch * columns, random.Next());
            var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern), bias, path, threads: 2);

            DenseReference.AssertClose(w, bias, x, batch, DenseReference.Run(linear, x, batch));
        }
        // Batches of 64 over 1536 inputs: the kernels run the input axis in several tiles (sums carried between).
        foreach (NmPattern pattern in new[] { new NmPattern(2, 4), new NmPattern(3, 8), new NmPattern(2, 3) })
        {
            using var w = DenseReference.MaskedWeight(40, 1536, pattern, seed);
            float[] bias = DenseReference.RandomFloats(40, seed + 1);
            float[] x = DenseReference.RandomFloats(64 * 1536, seed + 2);
            var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern), bias, path);

            DenseReference.AssertClose(w, bias, x, 64, DenseReference.Run(linear, x, 64));
        }
        // Every batch size at one shape with 16 + 3 rows (a partial block on every path).
        foreach (int batch in Enumerable.Range(1, 64))
        {
            using var w = DenseReference.MaskedWeight(19, 40, new NmPattern(1, 8), batch);
            float[] x = DenseReference.RandomFloats(batch * 40, 1000 + batch);
            var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, new NmPattern(1, 8)), path: path);

            DenseReference.AssertClose(w, new float[19], x, batch, DenseReference.Run(linear, x, batch));
        }
    }

    private static void CheckBFloat16(KernelPath path)
    {
        var pattern = new NmPattern(2, 8);
        using var w = DenseReference.MaskedWeight(37, 96, pattern, 21);
        using var rounded = DenseReference.RoundedToBFloat16(w);
        float[] x = DenseReference.RandomFloats(5 * 96, 22);
        var matrix = NmCompressedMatrix.FromDense(w, pattern, NmValueType.BFloat16);
        var linear = new NmSparseLinear(matrix, path: path);

        DenseReference.AssertClose(rounded, new float[37], x, 5, DenseReference.Run(linear, x, 5));
    }
}
