using NmSparse.Autograd;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Autograd;

/// <summary>
/// S-STE's s·S(w) on a hand-made 2×8 weight, groups of 4 along the input. Row 0 = [1, −2, 3, −4 | 0.5, 6, −7, 1],
/// row 1 = [2, −0.5, 1, 4 | −3, 0.25, 2.5, −1.5].
/// </summary>
[Collection("Sequential")]
public class SoftThresholdFunctionTests
{
    private static readonly float[] Weight = [1, -2, 3, -4, 0.5f, 6, -7, 1, 2, -0.5f, 1, 4, -3, 0.25f, 2.5f, -1.5f];

    // Loss = Σ c⊙out, so ∂loss/∂out = c.
    private static readonly float[] C = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void Shrink_TwoFour_SubtractsThirdLargestMagnitudeOfEachGroup()
    {
        // Thresholds 2, 1 | 1, 1.5: [3, −4] → [1, −2]; [6, −7] → [5, −6]; [2, 4] → [1, 3]; [−3, 2.5] → [−1.5, 1].
        var (output, grad) = Run(new NmPattern(2, 4), scale: 1.0, straightThrough: true);
        Assert.Equal([0, 0, 1, -2, 0, 5, -6, 0, 1, 0, 0, 3, -1.5f, 0, 1, 0], output);
        Assert.Equal(C, grad);
    }

    [Fact]
    public void Apply_OneFourScaleTwo_KeepsLargestMinusSecondLargestTimesScale()
    {
        // Thresholds 3, 6 | 2, 2.5: −4 → −1, −7 → −1, 4 → 2, −3 → −0.5; then ×2. The gradient is not scaled.
        var (output, grad) = Run(new NmPattern(1, 4), scale: 2.0, straightThrough: true);
        Assert.Equal([0, 0, 0, -2, 0, 0, -2, 0, 0, 0, 0, 4, -1, 0, 0, 0], output);
        Assert.Equal(C, grad);
    }

    [Fact]
    public void Apply_FixedMask_GradientOnlyToKeptWeights()
    {
        var (output, grad) = Run(new NmPattern(2, 4), scale: 0.5, straightThrough: false);
        Assert.Equal([0, 0, 0.5f, -1, 0, 2.5f, -3, 0, 0.5f, 0, 0, 1.5f, -0.75f, 0, 0.5f, 0], output);
        Assert.Equal([0, 0, 3, 4, 0, 6, 7, 0, 9, 0, 0, 12, 13, 0, 15, 0], grad);
    }

    [Fact]
    public void LeastSquaresScale_TwoFour_IsInnerProductRatio()
    {
        // ⟨w, S⟩ = 3 + 8 + 30 + 42 + 2 + 12 + 4.5 + 2.5 = 104; ⟨S, S⟩ = 1 + 4 + 25 + 36 + 1 + 9 + 2.25 + 1 = 79.25.
        using var scope = NewDisposeScope();
        var weight = tensor(Weight, 2, 8);
        var shrunk = SoftThresholdFunction.Shrink(weight, NmMask.Compute(weight, new NmPattern(2, 4)), 1, 4);
        Assert.Equal(104.0 / 79.25, SoftThresholdFunction.LeastSquaresScale(weight, shrunk));
        Assert.Equal(1.0, SoftThresholdFunction.LeastSquaresScale(weight, zeros_like(weight)));
    }

    [Fact]
    public void Shrink_OutputAxisTwoFour_ThresholdsColumnGroups()
    {
        // A 4×2 weight grouped down each column: [1, −2, 3, −4] and [4, 0.5, −3, 2] (thresholds 2 and 2).
        using var scope = NewDisposeScope();
        var weight = tensor(new float[] { 1, 4, -2, 0.5f, 3, -3, -4, 2 }, 4, 2);
        var mask = NmMask.Compute(weight, new NmPattern(2, 4), GroupAxis.Output);
        var shrunk = SoftThresholdFunction.Shrink(weight, mask, 0, 4);
        Assert.Equal([0, 2, 0, 0, 1, -1, -2, 0], shrunk.data<float>().ToArray());
    }

    private static (float[] Output, float[] Grad) Run(NmPattern pattern, double scale, bool straightThrough)
    {
        using var scope = NewDisposeScope();
        var weight = tensor(Weight, 2, 8).requires_grad_(true);
        var mask = NmMask.Compute(weight, pattern);
        var output = SoftThresholdFunction.Apply(weight, mask, tensor((float)scale), 1, 4, straightThrough);
        output.mul(tensor(C, 2, 8)).sum().backward();
        return (output.data<float>().ToArray(), weight.grad!.data<float>().ToArray());
    }
}
