using NmSparse.Kernels;
using NmSparse.Masks;

namespace NmSparse.Tests.Kernels;

/// <summary>
/// Shapes that take the batch-remainder path (four output blocks at once) and the fan-out to kernel threads:
/// large enough (≥ 64 rows; ≥ 256 KB of layout) that the random shapes of <see cref="NmSparseLinearTests"/> rarely
/// or never reach them.
/// </summary>
public class NmSparseLinearChunkingTests
{
    private static readonly NmPattern[] Patterns =
        { new(2, 4), new(1, 4), new(1, 8), new(3, 8), new(2, 3), new(5, 32) };

    [Fact]
    public void Forward_TenBlocksBatchOneToThree_MatchesDenseMaskedProduct()
    {
        // 150 rows: 10 blocks of 16 (two runs of four blocks, then two single blocks), the last one partial.
        foreach (KernelPath path in Enum.GetValues<KernelPath>().Where(KernelPaths.IsSupported))
        foreach (NmPattern pattern in Patterns)
        foreach (int batch in new[] { 1, 2, 3 })
        {
            using var w = DenseReference.MaskedWeight(150, pattern.M * 24, pattern, batch);
            float[] bias = DenseReference.RandomFloats(150, 40 + batch);
            float[] x = DenseReference.RandomFloats(batch * pattern.M * 24, 50 + batch);
            var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern), bias, path, threads: 1);

            DenseReference.AssertClose(w, bias, x, batch, DenseReference.Run(linear, x, batch));
        }
    }

    [Fact]
    public void Forward_RowAloneOrInBatchOfFour_GivesIdenticalBits()
    {
        // A row alone runs four blocks at once, inside a batch of four it runs with the other rows: the sums of
        // every output are formed in the same order either way.
        using var w = DenseReference.MaskedWeight(150, 96, new NmPattern(1, 8), 7);
        var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, new NmPattern(1, 8)), threads: 1);
        float[] x = DenseReference.RandomFloats(4 * 96, 8);

        float[] four = DenseReference.Run(linear, x, 4);
        float[] alone = DenseReference.Run(linear, x[..96], 1);

        Assert.Equal(four[..150], alone);
    }

    [Fact]
    public void Forward_LargeProductOnOneOrTwoThreads_GivesIdenticalBitsAndDenseProduct()
    {
        // 512 × 512 at 2:4: 512 KB of float32 values, above the fan-out threshold, 32 blocks in 8 chunks.
        var pattern = new NmPattern(2, 4);
        using var w = DenseReference.MaskedWeight(512, 512, pattern, 9);
        var matrix = NmCompressedMatrix.FromDense(w, pattern);
        float[] bias = DenseReference.RandomFloats(512, 10);
        foreach (int batch in new[] { 1, 5 })
        {
            float[] x = DenseReference.RandomFloats(batch * 512, 11 + batch);

            float[] one = DenseReference.Run(new NmSparseLinear(matrix, bias, threads: 1), x, batch);
            float[] two = DenseReference.Run(new NmSparseLinear(matrix, bias, threads: 2), x, batch);

            Assert.Equal(one, two);
            DenseReference.AssertClose(w, bias, x, batch, two);
        }
    }

    [Fact]
    public void Forward_SharedInstanceOnConcurrentCallers_MatchesSequentialResults()
    {
        // Callers that find the kernel threads busy run their chunks themselves; every result stays the same.
        var pattern = new NmPattern(1, 4);
        using var w = DenseReference.MaskedWeight(512, 1024, pattern, 12);
        var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern), threads: 2);
        float[][] xs = Enumerable.Range(0, 4).Select(i => DenseReference.RandomFloats(2 * 1024, 20 + i)).ToArray();
        float[][] expected = xs.Select(x => DenseReference.Run(linear, x, 2)).ToArray();

        float[][] actual = new float[4][];
        Parallel.For(0, 4, i =>
        {
            for (int repeat = 0; repeat < 20; repeat++) actual[i] = DenseReference.Run(linear, xs[i], 2);
        });

        Assert.Equal(expected, actual);
    }
}
