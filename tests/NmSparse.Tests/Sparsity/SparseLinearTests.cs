using NmSparse.Sparsity;
using static NmSparse.Tests.Sparsity.TwoByFourWeight;
using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

[Collection("Sequential")]
public class SparseLinearTests
{

    [Fact]
    public void Constructor_WrapsLinear_SharesParametersAndAddsMaskKey()
    {
        using var linear = nn.Linear(4, 2);
        using var sparse = new SparseLinear(linear);
        Assert.Same(linear.weight, sparse.Weight);
        Assert.Same(linear.bias, sparse.Bias);
        Assert.Equal(["weight", "bias", "mask"], sparse.state_dict().Keys.ToArray());
        Assert.Equal(2, sparse.parameters().Count());
        Assert.Equal(Enumerable.Repeat(1f, 8), sparse.Mask.data<float>().ToArray());
    }

    [Fact]
    public void Forward_FixedMode_UsesMaskedWeightAndMasksGradient()
    {
        using var sparse = Make();
        sparse.SetMode(MaskMode.Fixed);
        using var x = tensor(new float[] { 1, 1, 1, 1, 2, 0, 0, 1 }, 2, 4);
        using var y = sparse.call(x);
        // row 0 of x: Σ w⊙m = 3 − 4 = −1 and 6 − 7 = −1; row 1: 2·0 + 1·(−4) = −4 and 2·0 + 0 = 0; bias 0.5.
        Assert.Equal([-0.5f, -0.5f, -3.5f, 0.5f], y.data<float>().ToArray());
        y.sum().backward();
        // ∂/∂w = m ⊙ Σ_rows x = m ⊙ [3, 1, 1, 2]
        Assert.Equal([0, 0, 1, 2, 0, 1, 1, 0], sparse.Weight.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Forward_StraightThroughMode_GradientReachesPrunedWeights()
    {
        using var sparse = Make();
        sparse.SetMode(MaskMode.StraightThrough, beta: 0.0);
        using var x = tensor(new float[] { 1, 1, 1, 1, 2, 0, 0, 1 }, 2, 4);
        using var y = sparse.call(x);
        Assert.Equal([-0.5f, -0.5f, -3.5f, 0.5f], y.data<float>().ToArray());
        y.sum().backward();
        Assert.Equal([3, 1, 1, 2, 3, 1, 1, 2], sparse.Weight.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Forward_DenseMode_IgnoresMask()
    {
        using var sparse = Make();
        using var x = tensor(new float[] { 1, 1, 1, 1 }, 1, 4);
        using var y = sparse.call(x);
        Assert.Equal([-1.5f, 1f], y.data<float>().ToArray());
    }

    [Fact]
    public void Forward_TrainingMode_CountsRowsOfAllButLastDimension()
    {
        using var sparse = Make();
        using var x = zeros(2, 3, 4);
        using var y1 = sparse.call(x);
        Assert.Equal(6, sparse.CountedRows);
        Assert.False(sparse.InputGradNeeded);
        sparse.eval();
        using var y2 = sparse.call(x);
        Assert.Equal(6, sparse.CountedRows);
        sparse.ResetRows();
        Assert.Equal(0, sparse.CountedRows);
    }

    [Fact]
    public void SetMask_SecondMask_ReportsDensityAndFlipRate()
    {
        using var sparse = Make();
        Assert.Equal(0.5, sparse.MaskDensity);
        Assert.Equal(0.5, sparse.FlipRate);
        using var next = tensor(new float[] { 0, 1, 1, 0, 0, 1, 1, 0 }, 2, 4);
        sparse.SetMask(next);
        Assert.Equal(0.25, sparse.FlipRate);
        Assert.Equal(0.5, sparse.MaskDensity);
    }

    [Fact]
    public void StateDict_SaveAndLoad_RoundTripsMask()
    {
        using var source = Make();
        var saved = new MemoryStream();
        source.save(saved);
        using var target = new SparseLinear(nn.Linear(4, 2));
        using (var stream = new MemoryStream(saved.ToArray())) target.load(stream);
        Assert.Equal(Mask, target.Mask.data<float>().ToArray());
        Assert.Equal(Values, target.Weight.data<float>().ToArray());
    }

    [Fact]
    public void BakeMask_AfterFixedTraining_MatchesPlainLinear()
    {
        using var sparse = Make();
        sparse.SetMode(MaskMode.Fixed);
        using var x = tensor(new float[] { 1, 2, 3, 4 }, 1, 4);
        using var before = sparse.call(x);
        sparse.BakeMask();
        Assert.Equal(MaskMode.Dense, sparse.Mode);
        Assert.Equal(Masked, sparse.Weight.data<float>().ToArray());
        using var plain = nn.functional.linear(x, sparse.Weight, sparse.Bias);
        Assert.Equal(before.data<float>().ToArray(), plain.data<float>().ToArray());
    }

    private static SparseLinear Make()
    {
        var linear = nn.Linear(4, 2);
        using (no_grad())
        {
            linear.weight.copy_(tensor(Values, 2, 4));
            linear.bias!.fill_(0.5);
        }
        var sparse = new SparseLinear(linear);
        using var mask = tensor(Mask, 2, 4);
        sparse.SetMask(mask);
        return sparse;
    }
}
