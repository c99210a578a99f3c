using NmSparse.Kernels;
using NmSparse.Masks;

namespace NmSparse.Tests.Kernels;

/// <summary>
/// Batches of <see cref="NmSparseLinear.BatchRowsFrom"/> rows or more (64 on AVX-512, 32 on AVX2) run on the x-row-vectorised kernel of the
/// AVX-512 path (<see cref="BatchRowsKernel"/>) and of the AVX2 path (<see cref="BatchRowsAvx2Kernel"/>): slabs of
/// up to 64 x rows (two or four AVX-512 vectors; one or two AVX2 halves of 32), input tiles of up to 128 columns, two
/// output rows at a time. These shapes reach every part of both: several tiles with a partial last one, an odd row
/// count, a second (partial) slab, bfloat16 values and the fan-out to kernel threads.
/// </summary>
public class BatchRowsKernelTests
{
    private static readonly NmPattern[] Patterns = { new(2, 4), new(1, 8), new(3, 8), new(2, 3), new(5, 32) };

    [KernelPathFact(KernelPath.Avx512)]
    public void Forward_Avx512BatchesFromThirtyTwoToHundredThirty_MatchDenseMaskedProduct() =>
        CheckBatches(KernelPath.Avx512);

    [KernelPathFact(KernelPath.Avx2)]
    public void Forward_Avx2BatchesFromThirtyTwoToHundredThirty_MatchDenseMaskedProduct() =>
        CheckBatches(KernelPath.Avx2);

    [KernelPathFact(KernelPath.Avx512)]
    public void Forward_Avx512RowAloneOrInBatchOfSixtyFour_GivesIdenticalBits() => CheckIdenticalBits(KernelPath.Avx512);

    [KernelPathFact(KernelPath.Avx2)]
    public void Forward_Avx2RowAloneOrInBatchOfSixtyFour_GivesIdenticalBits() => CheckIdenticalBits(KernelPath.Avx2);

    [KernelPathFact(KernelPath.Avx512)]
    public void Forward_Avx512BFloat16BatchOfSeventyTwo_MatchesProductOfRoundedWeights() =>
        CheckBFloat16(KernelPath.Avx512);

    [KernelPathFact(KernelPath.Avx2)]
    public void Forward_Avx2BFloat16BatchOfSeventyTwo_MatchesProductOfRoundedWeights() =>
        CheckBFloat16(KernelPath.Avx2);

    private static void CheckBatches(KernelPath path)
    {
        Assert.Equal(path == KernelPath.Avx2 ? 32 : 64, NmSparseLinear.DefaultBatchRowsFrom(path));
        foreach (NmPattern pattern in Patterns)
        foreach (int batch in new[] { 32, 40, 64, 65, 97, 130 })
        {
            int columns = pattern.M * (300 / pattern.M);
            using var w = DenseReference.MaskedWeight(37, columns, pattern, batch);
            float[] bias = DenseReference.RandomFloats(37, 60 + batch);
            float[] x = DenseReference.RandomFloats(batch * columns, 70 + batch);
            var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern), bias, path);
            Assert.Equal(NmSparseLinear.DefaultBatchRowsFrom(path), linear.BatchRowsFrom);

            DenseReference.AssertClose(w, bias, x, batch, DenseReference.Run(linear, x, batch));
        }
    }

    private static void CheckIdenticalBits(KernelPath path)
    {
        // Alone a row runs on the output-row kernel (permutes), in a batch of 64 on the x-row kernel (broadcasts):
        // both sum every output in the same order, so the bits agree, on one thread and on two (fan-out).
        var pattern = new NmPattern(2, 4);
        using var w = DenseReference.MaskedWeight(300, 512, pattern, 3);
        var matrix = NmCompressedMatrix.FromDense(w, pattern);
        float[] bias = DenseReference.RandomFloats(300, 4);
        float[] x = DenseReference.RandomFloats(64 * 512, 5);
        foreach (int threads in new[] { 1, 2 })
        {
            var linear = new NmSparseLinear(matrix, bias, path, threads);

            float[] batch = DenseReference.Run(linear, x, 64);

            foreach (int row in new[] { 0, 17, 63 })
                Assert.Equal(DenseReference.Run(linear, x[(row * 512)..((row + 1) * 512)], 1),
                    batch[(row * 300)..((row + 1) * 300)]);
        }
    }

    private static void CheckBFloat16(KernelPath path)
    {
        var pattern = new NmPattern(1, 8);
        using var w = DenseReference.MaskedWeight(21, 400, pattern, 8);
        using var rounded = DenseReference.RoundedToBFloat16(w);
        float[] x = DenseReference.RandomFloats(72 * 400, 9);
        var linear = new NmSparseLinear(NmCompressedMatrix.FromDense(w, pattern, NmValueType.BFloat16), path: path);

        DenseReference.AssertClose(rounded, new float[21], x, 72, DenseReference.Run(linear, x, 72));
    }
}
