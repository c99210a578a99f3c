using NmSparse.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Tests.Optim;

/// <summary>
/// NmSparse.Optim.Adam against TorchSharp 0.107's own <c>optim.Adam</c> / <c>optim.AdamW</c> (the arithmetic it
/// must reproduce bit for bit) and against hand-computed first steps; its checkpoints against TorchSharp Adam's.
/// </summary>
[Collection("Sequential")]
public class AdamTests
{
    private const int Steps = 6;
    private const double Beta2 = 0.98;
    private const double Eps = 1e-9;

    /// <summary>Weight decay 0 and 0.1; float32 weights (as trained) and float64 (a one-ulp slip shows).</summary>
    public static TheoryData<double, ScalarType> DecaysAndTypes => new()
    {
        { 0.0, ScalarType.Float32 }, { 0.1, ScalarType.Float32 },
        { 0.0, ScalarType.Float64 }, { 0.1, ScalarType.Float64 },
    };

    private static AdamOptions Options(double weightDecay, bool decoupled = false) => new()
    {
        LearningRate = GradientFeed.LearningRate(0), Beta2 = Beta2, Eps = Eps, WeightDecay = weightDecay,
        DecoupledWeightDecay = decoupled,
    };

    [Theory]
    [MemberData(nameof(DecaysAndTypes))]
    public void Step_SixSteps_EqualsTorchSharpAdamBitForBit(double weightDecay, ScalarType dtype)
    {
        using var feed = new GradientFeed(Steps, dtype);
        feed.AssertSameSteps(w => optim.Adam(w, GradientFeed.LearningRate(0), 0.9, Beta2, Eps, weightDecay),
            w => Options(weightDecay).Create(w));
    }

    [Theory]
    [MemberData(nameof(DecaysAndTypes))]
    public void Step_DecoupledWeightDecay_EqualsTorchSharpAdamWBitForBit(double weightDecay, ScalarType dtype)
    {
        using var feed = new GradientFeed(Steps, dtype);
        feed.AssertSameSteps(w => optim.AdamW(w, GradientFeed.LearningRate(0), 0.9, Beta2, Eps, weightDecay),
            w => Options(weightDecay, decoupled: true).Create(w));
    }

    /// <summary>
    /// Weight p = 1, gradient g = −0.2, lr = 0.1, ε = 0. Adam's first step is m̂ = g, v̂ = g², so it moves the
    /// weight by −lr·g/|g| = −lr·sign(g) whatever g's size. No decay: 1 + 0.1 = 1.1. L2 decay 0.5 turns the
    /// gradient into −0.2 + 0.5·1 = 0.3 &gt; 0: 1 − 0.1 = 0.9. Decoupled decay 0.5 first shrinks the weight to
    /// 1·(1 − 0.1·0.5) = 0.95 and keeps g: 0.95 + 0.1 = 1.05.
    /// </summary>
    [Theory]
    [InlineData(0.0, false, 1.1)]
    [InlineData(0.0, true, 1.1)]
    [InlineData(0.5, false, 0.9)]
    [InlineData(0.5, true, 1.05)]
    public void Step_FirstStep_MovesTheWeightByLearningRateAgainstTheGradientSign(
        double weightDecay, bool decoupled, double expected)
    {
        using var p = new Parameter(ones(1, ScalarType.Float64));
        using var adam = new AdamOptions
        {
            LearningRate = 0.1, Eps = 0, WeightDecay = weightDecay, DecoupledWeightDecay = decoupled,
        }.Create([p]);
        using (NewDisposeScope())
        {
            p.mul(-0.2).sum().backward();
            adam.step();
        }
        Assert.Equal(expected, p.item<double>(), 14);
    }

    [Fact]
    public void LoadStateDict_TorchSharpAdamCheckpoint_ContinuesLikeTheUninterruptedTorchSharpRun()
    {
        const int saveAfter = 3;
        using var feed = new GradientFeed(Steps);
        var uninterrupted = feed.NewWeights();
        using var reference = optim.Adam(uninterrupted, GradientFeed.LearningRate(0), 0.9, Beta2, Eps, 0.1);
        for (int step = 0; step < Steps; step++) feed.Step(reference, uninterrupted, step);

        // The run before this optimizer existed: TorchSharp's Adam, checkpointed after 3 steps.
        var before = feed.NewWeights();
        byte[] checkpoint;
        using (var old = optim.Adam(before, GradientFeed.LearningRate(0), 0.9, Beta2, Eps, 0.1))
        {
            for (int step = 0; step < saveAfter; step++) feed.Step(old, before, step);
            checkpoint = Save(old);
        }
        // The resumed run: fresh weights holding the checkpoint's values, our Adam loading its optimizer state.
        var resumed = before.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var adam = Options(0.1).Create(resumed);
        Load(adam, checkpoint);
        for (int step = saveAfter; step < Steps; step++) feed.Step(adam, resumed, step);

        GradientFeed.AssertBitEqual(uninterrupted, resumed);
        Assert.Equal(Save(reference), Save(adam));
    }

    [Fact]
    public void SaveStateDict_AfterTheSameSteps_WritesTheBytesTorchSharpAdamWrites()
    {
        using var feed = new GradientFeed(Steps);
        feed.AssertSameSteps(w => optim.Adam(w, GradientFeed.LearningRate(0), 0.9, Beta2, Eps, 0.1),
            w => Options(0.1).Create(w), (reference, adam) =>
            {
                byte[] written = Save(adam);
                Assert.Equal(Save(reference), written);
                // The bytes hold both moments of the 3 weights (2 × (12 + 5 + 12) floats): the comparison covers them.
                Assert.True(written.Length > 2 * (12 + 5 + 12) * sizeof(float), $"only {written.Length} bytes");
            });
    }

    [Fact]
    public void Step_AmsgradFromALoadedParamGroup_IsRefused()
    {
        using var p = new Parameter(ones(1));
        using var adam = new AdamOptions().Create([p]);
        adam.ParamGroups.Cast<TorchSharp.Modules.Adam.ParamGroup>().Single().Options.amsgrad = true;
        using (NewDisposeScope()) p.sum().backward();
        Assert.Throws<NotSupportedException>(() => adam.step());
    }

    private static byte[] Save(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    private static void Load(OptimizerHelper optimizer, byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        optimizer.load_state_dict(reader);
    }
}
