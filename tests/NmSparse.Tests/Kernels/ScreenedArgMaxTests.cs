using NmSparse.Kernels;

namespace NmSparse.Tests.Kernels;

/// <summary>
/// The screened arg-max equals the arg-max of the float32 scores its scorer returns (here a plain float32 dot
/// product, which also gives the reference), on every instruction-set path.
/// </summary>
public class ScreenedArgMaxTests
{
    /// <summary>(rows, columns): sizes off the SIMD widths, plus the translation model's shape (8003 × 256).</summary>
    private static readonly (int Rows, int Columns)[] Shapes =
    {
        (1, 1), (7, 3), (37, 17), (100, 8), (257, 33), (1000, 100), (8003, 256),
    };

    [KernelPathFact(KernelPath.Avx512)]
    public void ArgMax_Avx512RandomShapes_EqualsFloat32ArgMax() => CheckRandom(KernelPath.Avx512, 21);

    [KernelPathFact(KernelPath.Avx2)]
    public void ArgMax_Avx2RandomShapes_EqualsFloat32ArgMax() => CheckRandom(KernelPath.Avx2, 22);

    [KernelPathFact(KernelPath.Portable)]
    public void ArgMax_PortableRandomShapes_EqualsFloat32ArgMax() => CheckRandom(KernelPath.Portable, 23);

    [KernelPathFact(KernelPath.Avx512)]
    public void ArgMax_Avx512NearTies_EqualsFloat32ArgMax() => CheckNearTies(KernelPath.Avx512, 31);

    [KernelPathFact(KernelPath.Avx2)]
    public void ArgMax_Avx2NearTies_EqualsFloat32ArgMax() => CheckNearTies(KernelPath.Avx2, 32);

    [KernelPathFact(KernelPath.Portable)]
    public void ArgMax_PortableNearTies_EqualsFloat32ArgMax() => CheckNearTies(KernelPath.Portable, 33);

    [KernelPathFact(KernelPath.Avx512)]
    public void ArgMax_Avx512ScreenPicksWrongRow_RescoreFindsRowOne() => CheckScreenWrong(KernelPath.Avx512);

    [KernelPathFact(KernelPath.Avx2)]
    public void ArgMax_Avx2ScreenPicksWrongRow_RescoreFindsRowOne() => CheckScreenWrong(KernelPath.Avx2);

    [KernelPathFact(KernelPath.Portable)]
    public void ArgMax_PortableScreenPicksWrongRow_RescoreFindsRowOne() => CheckScreenWrong(KernelPath.Portable);

    [Fact]
    public void ArgMax_IdenticalRowsAndExactTies_ReturnsLowestIndex()
    {
        // Rows 1, 2 and 4 are equal and highest (score 6); row 3 is lower by one in one weight (score 5).
        float[] w = { 0, 0, 0, 1, 2, 3, 1, 2, 3, 1, 2, 2, 1, 2, 3 };
        float[] x = { 1, 1, 1 };
        var argMax = new ScreenedArgMax(new BFloat16ScreenMatrix(w, 5, 3), threads: 1);

        int? chosen = argMax.ArgMax(x, Scorer(w, 3, x));

        Assert.Equal(1, chosen);
        Assert.Equal(new[] { 1, 2, 4 }, argMax.Candidates(x));
    }

    [Fact]
    public void ArgMax_NonFiniteInput_DeclinesWithNull()
    {
        float[] w = { 1, 2, 3, 4 };
        var argMax = new ScreenedArgMax(new BFloat16ScreenMatrix(w, 2, 2), threads: 1);

        float[][] inputs = { new[] { 1f, float.NaN }, new[] { float.PositiveInfinity, 1f }, new[] { 1e30f, 1e30f } };

        // The last input's scores (about 1e31) are near float32's range, where no bound is claimed.
        Assert.All(inputs, x => Assert.Null(argMax.ArgMax(x, Scorer(w, 2, x))));
    }

    [Fact]
    public void ArgMax_ThreadedScreenOfLargeMatrix_EqualsSingleThreadCandidates()
    {
        var (w, x) = (DenseReference.RandomFloats(8003 * 256, 41), DenseReference.RandomFloats(256, 42));
        var matrix = new BFloat16ScreenMatrix(w, 8003, 256);

        var one = new ScreenedArgMax(matrix, threads: 1);
        var two = new ScreenedArgMax(matrix, threads: 2);

        Assert.Equal(one.Screen(x), two.Screen(x));
        Assert.Equal(Reference(w, 256, x), two.ArgMax(x, Scorer(w, 256, x)));
    }

    private static void CheckRandom(KernelPath path, long seed)
    {
        foreach (var (rows, columns) in Shapes)
        {
            float[] w = DenseReference.RandomFloats(rows * columns, seed + rows);
            var argMax = new ScreenedArgMax(new BFloat16ScreenMatrix(w, rows, columns), path, threads: 2);
            for (int trial = 0; trial < 8; trial++)
            {
                float[] x = DenseReference.RandomFloats(columns, seed * 100 + trial);
                Assert.Equal(Reference(w, columns, x), argMax.ArgMax(x, Scorer(w, columns, x)));
            }
        }
    }

    /// <summary>
    /// 200 rows that are one base row plus noise of 2⁻²⁰ (relative): their float32 scores differ in the last few
    /// bits, far inside the bfloat16 error, so the screen alone cannot order them and most rows are candidates.
    /// </summary>
    private static void CheckNearTies(KernelPath path, long seed)
    {
        const int rows = 200, columns = 67;
        float[] baseRow = DenseReference.RandomFloats(columns, seed);
        float[] noise = DenseReference.RandomFloats(rows * columns, seed + 1);
        float[] w = new float[rows * columns];
        for (int i = 0; i < w.Length; i++) w[i] = baseRow[i % columns] * (1 + noise[i] * MathF.ScaleB(1, -20));
        var argMax = new ScreenedArgMax(new BFloat16ScreenMatrix(w, rows, columns), path, threads: 1);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] x = DenseReference.RandomFloats(columns, seed * 100 + trial);
            Assert.Equal(Reference(w, columns, x), argMax.ArgMax(x, Scorer(w, columns, x)));
            Assert.True(argMax.Candidates(x)!.Length > 1);
        }
    }

    /// <summary>
    /// x = ones(8). Row 0 = (1 + 2⁻⁷, 1, …, 1) is exact in bfloat16: score 8 + 2⁻⁷. Row 1's weights 1 + 0.4·2⁻⁷ round
    /// down to 1 in bfloat16, so its screened score is 8 but its float32 score is 8 + 3.2·2⁻⁷, the highest.
    /// </summary>
    private static void CheckScreenWrong(KernelPath path)
    {
        const int columns = 8;
        float[] w = new float[2 * columns];
        for (int k = 0; k < columns; k++)
        {
            w[k] = k == 0 ? 1 + MathF.ScaleB(1, -7) : 1;
            w[columns + k] = 1 + 0.4f * MathF.ScaleB(1, -7);
        }
        float[] x = Enumerable.Repeat(1f, columns).ToArray();
        var argMax = new ScreenedArgMax(new BFloat16ScreenMatrix(w, 2, columns), path, threads: 1);

        float[] screened = argMax.Screen(x);

        Assert.Equal(new[] { 8 + MathF.ScaleB(1, -7), 8f }, screened);   // the screen alone would pick row 0
        Assert.Equal(new[] { 0, 1 }, argMax.Candidates(x));
        Assert.Equal(1, argMax.ArgMax(x, Scorer(w, columns, x)));
        Assert.Equal(1, Reference(w, columns, x));
    }

    /// <summary>The exact scores: a plain float32 dot product of W's rows with x.</summary>
    private static CandidateScorer Scorer(float[] w, int columns, float[] x) => (rows, scores) =>
    {
        for (int i = 0; i < rows.Length; i++) scores[i] = Dot(w, rows[i], columns, x);
    };

    private static float Dot(float[] w, int row, int columns, float[] x)
    {
        float sum = 0;
        for (int k = 0; k < columns; k++) sum += w[row * columns + k] * x[k];
        return sum;
    }

    /// <summary>The first row of the highest <see cref="Dot"/>, scoring every row.</summary>
    private static int Reference(float[] w, int columns, float[] x)
    {
        int rows = w.Length / columns, best = 0;
        float bestScore = Dot(w, 0, columns, x);
        for (int r = 1; r < rows; r++)
        {
            float score = Dot(w, r, columns, x);
            if (score > bestScore) (best, bestScore) = (r, score);
        }
        return best;
    }
}
