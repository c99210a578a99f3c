using NmSparse.Translation.Deploy;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Deploy;

/// <summary>
/// The screened output arg-max picks exactly libtorch's token: its candidates are rescored by libtorch's product
/// on a subset of rows, whose logits are bit for bit those of the full product.
/// </summary>
[Collection("Sequential")]
public class ScreenedOutputArgMaxTests
{
    private const int Vocab = 8000, Width = 256;

    /// <summary>
    /// What the rescore relies on: libtorch's logits of whole aligned 16-row blocks (a lone row's differ in the last
    /// bits) equal the full product's, for widths and vocabularies on and off the SIMD widths, W's final partial block
    /// included, at 1 and 2 threads.
    /// </summary>
    [Fact]
    public void LibTorchLinear_AlignedRowBlocks_GiveBitIdenticalLogitsToFullProduct()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(51);
        int threads = get_num_threads();
        var random = new Random(51);
        try
        {
            foreach (int t in new[] { 1, 2 })
            {
                set_num_threads(t);
                foreach (var (vocab, width) in new[] { (Vocab, Width), (8003, 256), (1001, 67), (37, 17) })
                {
                    var weight = randn(new long[] { vocab, width }, generator: generator).div(16);
                    var hidden = randn(new long[] { 1, 1, width }, generator: generator);
                    float[] full = nn.functional.linear(hidden, weight).data<float>().ToArray();
                    foreach (int count in new[] { 1, 2, 3, 5, 20 })
                    {
                        int[] rows = Enumerable.Range(0, count).Select(_ => random.Next(vocab)).Append(vocab - 1)
                            .Distinct().Order().ToArray();
                        long[] blockRows = ScreenedOutputArgMax.BlockRows(rows, vocab);
                        var subset = nn.functional.linear(hidden, weight.index_select(0, tensor(blockRows)));
                        Assert.Equal(blockRows.Select(r => full[r]), subset.data<float>().ToArray());
                    }
                }
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void BlockRows_RowsInThreeBlocks_GivesTheBlocksInOrder()
    {
        long[] rows = ScreenedOutputArgMax.BlockRows(new[] { 3, 5, 17, 40 }, 42);

        Assert.Equal(Enumerable.Range(0, 32).Concat(Enumerable.Range(32, 10)).Select(r => (long)r), rows);
    }

    [Fact]
    public void ArgMax_RandomHiddenStates_EqualsLibTorchArgMax()
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
