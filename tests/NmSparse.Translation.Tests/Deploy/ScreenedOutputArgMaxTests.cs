using NmSparse.Translation.Deploy;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Deploy;

/// <summary>
/// The screened output arg-max picks exactly libtorch's token: its candidates are rescored by libtorch's product
/// on a subset of rows, and a near tie among them falls back to the full product's logits.
/// </summary>
[Collection("Sequential")]
public class ScreenedOutputArgMaxTests
{
    private const int Vocab = 8000, Width = 256;

    /// <summary>
    /// Rows 17 and 4000 are the same row and the hidden state points along it: the two top logits are equal up to
    /// summation order, which the rescore cannot call, so the candidates take the full product's logits and the token
    /// is libtorch's (whichever of the two its sums made larger, or the lower id on equal bits).
    /// </summary>
    [Fact]
    public void ArgMax_DuplicateTopRows_FallsBackToTheFullProductAndEqualsLibTorchArgMax()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(51);
        var weight = randn(new long[] { Vocab, Width }, generator: generator).div(16);
        weight[4000] = weight[17];
        var argMax = new ScreenedOutputArgMax(weight, threads: 1);
        var hidden = weight[17].mul(4).view(1, 1, Width);

        long[]? token = argMax.ArgMax(hidden, weight);

        Assert.Equal(LibTorchArgMax(hidden, weight), token);
        Assert.Equal(1, argMax.FullProductFallbacks);
    }

    /// <summary>
    /// The slack between two float32 sums of 256 products: 2γ₂₅₆·‖w‖‖x‖ with γ₂₅₆ = 256·2⁻²⁴ / (1 − 256·2⁻²⁴), plus
    /// 256·2⁻¹⁴⁷, widened by 1 + 2⁻¹⁶; for ‖w‖ = 2, ‖x‖ = 3: 12·2⁻¹⁶/(1 − 2⁻¹⁶)·(1 + 2⁻¹⁶) + tiny.
    /// </summary>
    [Fact]
    public void RescoreSlack_Width256NormsTwoAndThree_IsTwelveGamma()
    {
        double gamma = Math.ScaleB(1, -16) / (1 - Math.ScaleB(1, -16));
        double expected = (12 * gamma + Math.ScaleB(1, -139)) * (1 + Math.ScaleB(1, -16));

        Assert.Equal(expected, ScreenedOutputArgMax.RescoreSlack(256, 2, 3));
        Assert.Equal(1.8311e-4, ScreenedOutputArgMax.RescoreSlack(256, 2, 3), 1e-8);
    }

    [Fact]
    public void BlockRows_RowsInThreeBlocks_GivesTheBlocksInOrder()
    {
        long[] rows = ScreenedOutputArgMax.BlockRows(new[] { 3, 5, 17, 40 }, 42);

        Assert.Equal(Enumerable.Range(0, 32).Concat(Enumerable.Range(32, 10)).Select(r => (long)r), rows);
    }

    [Fact]
    public void ArgMax_RandomHiddenStates_EqualsLibTorchArgMaxWithoutTheFullProduct()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(52);
        var weight = randn(new long[] { Vocab, Width }, generator: generator).div(16);
        var argMax = new ScreenedOutputArgMax(weight, threads: 2);
        for (int trial = 0; trial < 50; trial++)
        {
            var hidden = randn(new long[] { 1, 1, Width }, generator: generator);
            Assert.Equal(LibTorchArgMax(hidden, weight), argMax.ArgMax(hidden, weight));
        }
        Assert.Equal(0, argMax.FullProductFallbacks);   // random logits are never within rounding of each other
    }

    /// <summary>
    /// Half the rows are one base row times (1 + 2⁻²⁰ noise): with hidden states along the base row they are the
    /// top scores, apart by a few float32 ulps, far inside the bfloat16 screen's error.
    /// </summary>
    [Fact]
    public void ArgMax_NearTieRows_EqualsLibTorchArgMaxWhereBFloat16AloneErrs()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(53);
        const int vocab = 1001, width = 67;
        var baseRow = randn(new long[] { 1, width }, generator: generator);
        var noise = randn(new long[] { vocab, width }, generator: generator).mul(Math.ScaleB(1, -20)).add(1);
        var near = baseRow.mul(noise);
        var far = randn(new long[] { vocab, width }, generator: generator).div(4);
        var weight = where(arange(vocab).remainder(2).eq(0).unsqueeze(1), near, far).contiguous();
        var argMax = new ScreenedOutputArgMax(weight, threads: 1);
        var bfloat16 = weight.to(ScalarType.BFloat16).to(ScalarType.Float32);
        int screenAloneWrong = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            var hidden = baseRow.add(randn(new long[] { 1, width }, generator: generator).div(10)).view(1, 1, width);
            long[] expected = LibTorchArgMax(hidden, weight);
            Assert.Equal(expected, argMax.ArgMax(hidden, weight));
            if (LibTorchArgMax(hidden, bfloat16)[0] != expected[0]) screenAloneWrong++;
        }
        Assert.True(screenAloneWrong > 10, $"bfloat16 weights alone chose wrong in only {screenAloneWrong} of 50");
    }

    [Fact]
    public void ArgMax_BatchOfTwo_DeclinesWithNull()
    {
        using var scope = NewDisposeScope();
        var weight = ones(10, 4);
        var argMax = new ScreenedOutputArgMax(weight, threads: 1);

        Assert.Null(argMax.ArgMax(ones(2, 1, 4), weight));
        Assert.Equal(new long[] { 0 }, argMax.ArgMax(ones(1, 1, 4), weight));   // all rows tie: the lowest id
    }

    private static long[] LibTorchArgMax(Tensor hidden, Tensor weight) =>
        nn.functional.linear(hidden, weight).squeeze(1).argmax(-1).data<long>().ToArray();
}
