using NmSparse.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Tests.Optim;

/// <summary>
/// StepAdam on float64 scalars with β1 = β2 = 0.5, lr = 1, ε = 0 and gradients 2, 4, 8 (loss = g·p), worked out by
/// hand: step 1 m = 1, v = 2, update 2·1/(√2/√0.5) = 1; step 2 m = 2.5, v = 9, update (2.5/0.75)/(3/√0.75) =
/// 5/(3√3); after the freeze at 2 steps, step 3 m = 5.25 with v* = 9 and bias correction 0.75 fixed: update
/// (5.25/0.875)/(3/√0.75) = √3. Plain Adam would use v = 36.5.
/// </summary>
[Collection("Sequential")]
public class StepAdamTests
{
    private static readonly AdamOptions Adam = new() { LearningRate = 1, Beta1 = 0.5, Beta2 = 0.5, Eps = 0 };
    private static readonly double[] Gradients = [2, 4, 8];

    [Fact]
    public void Step_FreezeAfterTwo_UsesFrozenSecondMomentFromThirdStep()
    {
        using var p = Scalar();
        using var q = Scalar();
        using var optimizer = new StepAdam([p, q], [p], Adam, new StepSwitchOptions(FreezeAt: 2));
        var values = new List<double>();
        var moments = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            Step(optimizer, Gradients[i], p, q);
            values.Add(p.item<double>());
            moments.Add(optimizer.SecondMoment(p).item<double>());
            Assert.Equal(i >= 1 ? 2L : null, optimizer.FrozenAt);
        }
        double second = -1 - 5 / (3 * Math.Sqrt(3));
        Assert.Equal(-1.0, values[0], 12);
        Assert.Equal(second, values[1], 12);
        Assert.Equal(second - Math.Sqrt(3), values[2], 12);
        Assert.Equal([2.0, 9.0, 9.0], moments);
        // q is not preconditioned: plain Adam, v = 0.5·9 + 0.5·64.
        Assert.Equal(36.5, optimizer.SecondMoment(q).item<double>());
        Assert.Equal(5.25, optimizer.FirstMoment(p).item<double>());
    }

    [Fact]
    public void Step_AfterFreeze_SecondMomentNeverChanges()
    {
        using var p = Scalar();
        using var optimizer = new StepAdam([p], [p], Adam, new StepSwitchOptions(FreezeAt: 1));
        Step(optimizer, 2, p);
        for (int i = 0; i < 3; i++)
        {
            Step(optimizer, 100 * (i + 1), p);
            Assert.Equal(2.0, optimizer.SecondMoment(p).item<double>());
        }
        Assert.Equal(4L, optimizer.StepsTaken);
    }

    [Theory]
    [InlineData(100, 1, 4)]   // window means 0.5, 0.375, 0.1875, 0.09375 < 0.1 at step 4
    [InlineData(100, 4, 5)]   // no switch before step 5: 0.046875
    [InlineData(3, 1, 3)]     // FreezeAt bounds the search
    public void Step_AutoSwitch_FreezesWhenWindowMeanOfVarianceChangeFallsBelowEps(
        long freezeAt, long minSteps, long expected)
    {
        // g = 1: v = 0.5, 0.75, 0.875, … so |Δv| = 0.5, 0.25, 0.125, …; window ⌊1/(1−0.5)⌋ = 2; ε = 0.1.
        using var p = Scalar();
        using var optimizer = new StepAdam([p], [p], Adam with { Eps = 0.1 },
            new StepSwitchOptions(freezeAt, AutoSwitch: true, MinSteps: minSteps));
        for (int i = 0; i < 6; i++) Step(optimizer, 1, p);
        Assert.Equal(expected, optimizer.FrozenAt);
    }

    [Fact]
    public void LoadStateDict_MidAutoSwitch_ContinuesBitForBit()
    {
        var options = new StepSwitchOptions(100, AutoSwitch: true, MinSteps: 1);
        using var a = Scalar();
        using var b = Scalar();
        using var first = new StepAdam([a], [a], Adam with { Eps = 0.1 }, options);
        using var second = new StepAdam([b], [b], Adam with { Eps = 0.1 }, options);
        for (int i = 0; i < 3; i++) Step(first, 1, a);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            first.save_state_dict(writer);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) second.load_state_dict(reader);
        using (no_grad()) b.copy_(a);
        for (int i = 0; i < 3; i++)
        {
            Step(first, 1, a);
            Step(second, 1, b);
            Assert.Equal(a.item<double>(), b.item<double>());
        }
        Assert.Equal(4L, second.FrozenAt);
        Assert.Equal(first.SecondMoment(a).item<double>(), second.SecondMoment(b).item<double>());
    }

    [Theory]
    [InlineData(false, ScalarType.Float32)]
    [InlineData(true, ScalarType.Float32)]
    [InlineData(false, ScalarType.Float64)]
    [InlineData(true, ScalarType.Float64)]
    public void Step_BeforeTheSwitch_EqualsTorchSharpAdamOrAdamWBitForBit(bool decoupled, ScalarType dtype)
    {
        using var feed = new GradientFeed(steps: 5, dtype);
        double lr = GradientFeed.LearningRate(0);
        var options = new AdamOptions
        {
            LearningRate = lr, Beta2 = 0.98, Eps = 1e-9, WeightDecay = 0.1, DecoupledWeightDecay = decoupled,
        };
        feed.AssertSameSteps(w => decoupled
                ? optim.AdamW(w, lr, 0.9, 0.98, 1e-9, weight_decay: 0.1)
                : optim.Adam(w, lr, 0.9, 0.98, 1e-9, weight_decay: 0.1),
            w => new StepAdam(w, w, options, new StepSwitchOptions(FreezeAt: 100)));
    }

    /// <summary>
    /// Decoupled decay 0.25 with lr 1 shrinks p by 0.75 before each update, frozen or not: step 1 (g = 2) 1·0.75 − 1
    /// = −0.25; step 2 (g = 4, v* = 2 frozen with bias correction 0.5, m = 2.5 over 0.75) −0.25·0.75 − (2.5/0.75)/2
    /// = −0.1875 − 5/3.
    /// </summary>
    [Fact]
    public void Step_DecoupledWeightDecay_ShrinksTheWeightBeforeEachUpdate()
    {
        using var p = Scalar();
        using (no_grad()) p.fill_(1.0);
        using var optimizer = new StepAdam([p], [p], Adam with { WeightDecay = 0.25, DecoupledWeightDecay = true },
            new StepSwitchOptions(FreezeAt: 1));
        Step(optimizer, 2, p);
        Assert.Equal(-0.25, p.item<double>(), 12);
        Step(optimizer, 4, p);
        Assert.Equal(-0.1875 - 5.0 / 3, p.item<double>(), 12);
        Assert.Equal(2.0, optimizer.SecondMoment(p).item<double>());
    }

    private static Parameter Scalar() => new(zeros(1, ScalarType.Float64));

    private static void Step(StepAdam optimizer, double gradient, params Parameter[] parameters)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        foreach (var p in parameters) p.mul(gradient).sum().backward();
        optimizer.step();
    }
}
