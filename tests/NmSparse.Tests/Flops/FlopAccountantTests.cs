using NmSparse.Flops;
using NmSparse.Sparsity;

namespace NmSparse.Tests.Flops;

public class FlopAccountantTests
{
    /// <summary>
    /// Two Linear layers over 5 rows: fc1 is 3×4 (12 weights, 6 kept by 2:4; first layer so no input gradient), fc2
    /// is 2×4 (8 weights, 4 kept). Step 0 dense, step 1 straight-through with a binary mask (weight grad dense),
    /// step 2 fine-tune with a fixed mask (weight grad sparse too).
    /// Hand count: fc1 dense step = (120, 0, 120), sparse = (60, 0, 120), fine-tune = (60, 0, 60);
    /// fc2 dense = (80, 80, 80), sparse = (40, 40, 80), fine-tune = (40, 40, 40).
    /// </summary>
    private static FlopAccountant RunThreeSteps()
    {
        var accountant = new FlopAccountant();
        foreach (MaskMode mode in new[] { MaskMode.Dense, MaskMode.StraightThrough, MaskMode.Fixed })
        {
            double beta = mode == MaskMode.Dense ? 1.0 : 0.0;
            accountant.Record("fc1", GemmFlops.ForStep(12, 6, 5, mode, beta, inputGradNeeded: false),
                GemmFlops.Dense(12, 5, inputGradNeeded: false));
            accountant.Record("fc2", GemmFlops.ForStep(8, 4, 5, mode, beta), GemmFlops.Dense(8, 5));
        }
        return accountant;
    }

    [Fact]
    public void Record_ThreePhases_AccumulatesHandCountedTotals()
    {
        FlopAccountant accountant = RunThreeSteps();

        Assert.Equal(new[] { "fc1", "fc2" }, accountant.PerLayer.Keys);
        Assert.Equal(new LayerFlopTotals(new LayerStepFlops(240, 0, 300), new LayerStepFlops(360, 0, 360)),
            accountant.PerLayer["fc1"]);
        Assert.Equal(new LayerFlopTotals(new LayerStepFlops(160, 160, 200), new LayerStepFlops(240, 240, 240)),
            accountant.PerLayer["fc2"]);
        Assert.Equal(new LayerStepFlops(400, 160, 500), accountant.Total);
        Assert.Equal(new LayerStepFlops(600, 240, 600), accountant.DenseTotal);
        Assert.Equal(1060.0 / 1440.0, accountant.RatioToDense);
    }

    [Fact]
    public void RatioToDense_NothingRecorded_IsOne() => Assert.Equal(1.0, new FlopAccountant().RatioToDense);

    [Fact]
    public void FromSnapshot_RoundTrip_ResumesExactly()
    {
        FlopAccountant original = RunThreeSteps();

        FlopTotalsSnapshot snapshot = original.ToSnapshot();
        FlopAccountant restored = FlopAccountant.FromSnapshot(snapshot);
        restored.Record("fc2", new LayerStepFlops(1, 2, 3), new LayerStepFlops(4, 5, 6));

        Assert.Equal(new LayerFlopSnapshot("fc1", 240, 0, 300, 360, 0, 360), snapshot.Layers[0]);
        Assert.Equal(original.PerLayer["fc1"], restored.PerLayer["fc1"]);
        Assert.Equal(new LayerFlopTotals(new LayerStepFlops(161, 162, 203), new LayerStepFlops(244, 245, 246)),
            restored.PerLayer["fc2"]);
        Assert.Equal(new LayerStepFlops(401, 162, 503), restored.Total);
        Assert.Equal(new LayerStepFlops(604, 245, 606), restored.DenseTotal);
    }

    [Fact]
    public void FromSnapshot_RepeatedLayer_ThrowsUserInputException()
    {
        var layer = new LayerFlopSnapshot("fc1", 1, 1, 1, 1, 1, 1);

        var error = Assert.Throws<UserInputException>(() =>
            FlopAccountant.FromSnapshot(new FlopTotalsSnapshot(new[] { layer, layer })));

        Assert.Equal("FLOP totals: layer 'fc1' appears twice", error.Message);
    }

    [Fact]
    public void FromSnapshot_NegativeCount_ThrowsUserInputException() =>
        Assert.Throws<UserInputException>(() => FlopAccountant.FromSnapshot(
            new FlopTotalsSnapshot(new[] { new LayerFlopSnapshot("fc1", 1, 1, -1, 1, 1, 1) })));
}
